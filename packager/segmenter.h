// Cuts one representation's encoded samples into segments and writes them:
// live profile → an init segment and one `styp+moof+mdat` file per segment;
// on-demand profile → one file (init, sidx, then every moof+mdat). Reports
// each finished segment as a SegmentWritten. No libav*: samples arrive as
// timestamps in the track's timescale plus payload bytes (length-prefixed
// NAL units for video, raw AAC frames for audio).
//
// Cut rule: a new segment begins at the first sync sample whose pts reaches
// the next boundary (see boundaries.h). Decode times are shifted by the
// first sample's reorder delay (pts - dts), so a closed GOP's key frame has
// decode time = presentation time and tfdt is the segment start in every
// rung; composition offsets stay pts - dts (non-negative) and an edit list
// of that delay maps them back, as FFmpeg's own DASH muxer does. The init
// segment is written with the first sample, when the delay is known.
//
// Not thread-safe: one owner (the representation's worker) calls add/finish.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "media/error.h"
#include "packager/cenc/track_encryptor.h"
#include "packager/mp4/fragment.h"
#include "packager/mp4/init_segment.h"
#include "packager/output_files.h"
#include "packager/representation.h"
#include "packager/segment_event.h"

namespace packager {

struct SegmenterConfig {
  std::string rep_id;
  mp4::TrackConfig track;
  Profile profile = Profile::kLive;
  // Presentation time (track ticks) where segment k (1-based boundary index
  // k >= 1: the start of the (k+1)-th segment) may begin.
  std::function<int64_t(int64_t k)> boundary_ticks;
  // Common Encryption of every sample (its protection goes into the init segment); none: clear.
  std::shared_ptr<cenc::TrackEncryptor> encryptor;
};

struct Sample {
  int64_t pts_ticks = 0;
  int64_t dts_ticks = 0;
  int64_t duration_ticks = 0;  // used for the very last sample only
  bool sync = false;
  uint64_t luma_sse = 0;       // squared luma error from the encoder (0 with luma_pixels 0: unknown)
  uint64_t luma_pixels = 0;
};

inline constexpr double kMaxPsnrDb = 100.0;  // a lossless segment (zero error)

class Segmenter {
 public:
  static media::Result<std::unique_ptr<Segmenter>> create(SegmenterConfig config, OutputFiles& files,
                                                          SegmentSink& sink);

  media::Status add(const Sample& sample, std::span<const uint8_t> data);
  // Writes the last segment. `end_pts_ticks` drops samples that start at or
  // after it (audio past the end of the video). On-demand: assembles the file.
  media::Status finish(std::optional<int64_t> end_pts_ticks = std::nullopt);

  const RepresentationFiles& files() const { return files_info_; }
  uint32_t timescale() const { return config_.track.timescale; }
  uint64_t segments_written() const { return sequence_; }
  int64_t end_ticks() const { return end_decode_ticks_; }  // presentation end of what was written

 private:
  Segmenter(SegmenterConfig config, OutputFiles& files, SegmentSink& sink)
      : config_(std::move(config)), files_(files), sink_(sink) {}
  media::Status prepare_files();
  media::Status write_init(int64_t decode_delay_ticks);
  media::Status flush(std::optional<int64_t> next_dts_ticks);
  media::Status assemble_on_demand();

  struct Pending {
    Sample sample;
    uint32_t size_bytes = 0;
  };

  SegmenterConfig config_;
  OutputFiles& files_;
  SegmentSink& sink_;
  RepresentationFiles files_info_;
  std::vector<uint8_t> init_;
  std::vector<Pending> pending_;
  std::vector<uint8_t> payload_;
  std::optional<int64_t> decode_delay_ticks_;
  std::optional<int64_t> last_dts_ticks_;
  int64_t next_boundary_index_ = 1;
  uint64_t sequence_ = 0;
  int64_t end_decode_ticks_ = 0;
  // On-demand: fragments go to a scratch file until the sidx is known.
  FileWriter media_file_;
  std::filesystem::path media_path_;
  std::vector<mp4::SidxEntry> sidx_entries_;
  std::vector<SegmentWritten> on_demand_segments_;
  std::optional<int64_t> earliest_pts_ticks_;
};

}  // namespace packager
