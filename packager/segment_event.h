// The one record muxing and manifest code share: a media segment that is
// complete on disk (under its temporary name until the run commits).
// Muxing code (libav*) emits it; manifest code (pugixml) consumes it; neither
// includes the other.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace packager {

struct SegmentWritten {
  std::string rep_id;           // Representation@id
  uint64_t index = 0;           // 1-based segment number ($Number$)
  int64_t start_ticks = 0;      // earliest presentation time, in the representation's timescale
  int64_t duration_ticks = 0;   // sum of the samples' durations (the next segment starts here)
  uint64_t size_bytes = 0;      // bytes of the segment (live: the file; on-demand: moof+mdat)
  std::string path;             // final file name, relative to the output directory
  uint64_t offset_bytes = 0;    // on-demand: first byte of the segment within `path`
  std::optional<double> psnr_db;  // video: luma PSNR of the segment from the encoder's statistics
  std::optional<double> psnr_display_db{};  // video, --quality display: luma PSNR at the display size against the source
  std::optional<double> ssim_display{};     // video, --quality display: mean SSIM, likewise

  bool operator==(const SegmentWritten&) const = default;
};

std::ostream& operator<<(std::ostream& os, const SegmentWritten& s);

// Receives SegmentWritten records; implementations are thread-safe (every
// representation's worker reports to the same sink).
class SegmentSink {
 public:
  virtual ~SegmentSink() = default;
  virtual void on_segment(const SegmentWritten& segment) = 0;
  // Live, chunked: the first chunk of `segment` is on disk (as `path` +
  // ".part", growing); duration_ticks is the expected one, size_bytes 0.
  virtual void on_segment_started(const SegmentWritten& /*segment*/) {}
};

}  // namespace packager

#include <map>
#include <mutex>
#include <vector>

namespace packager {

// A SegmentSink that keeps every record, per representation, until taken.
class SegmentCollector : public SegmentSink {
 public:
  void on_segment(const SegmentWritten& s) override;
  // The records of `rep_id` in the order they arrived (and forgets them).
  std::vector<SegmentWritten> take(const std::string& rep_id);

 private:
  std::mutex mutex_;  // guards segments_
  std::map<std::string, std::vector<SegmentWritten>> segments_;
};

}  // namespace packager
