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
// Live output (config.live_output): the init segment and every media segment
// are published as soon as they are complete (no commit at the end). A
// segment grows as "<name>.part" and is renamed to "<name>" when complete, so
// a reader (dash-origin) can stream it while it grows and knows when it
// ends. With chunk_ticks, each segment is a run of CMAF chunks (prft + moof +
// mdat), each appended and flushed as soon as it spans chunk_ticks.
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

struct LiveOutput {
  int64_t chunk_ticks = 0;   // 0: one fragment per segment; else a chunk at least this long
  uint64_t first_number = 1;  // $Number$ of the first segment (numbers go on across Periods)
  std::string init_name;      // e.g. "v0-p0-init.mp4"
  // prft: the Unix time at which media time `pts_ticks` was captured.
  std::function<double(int64_t pts_ticks)> capture_unix_s;
};

struct SegmenterConfig {
  std::string rep_id;
  mp4::TrackConfig track;
  Profile profile = Profile::kLive;
  // Presentation time (track ticks) where segment k (1-based boundary index
  // k >= 1: the start of the (k+1)-th segment) may begin.
  std::function<int64_t(int64_t k)> boundary_ticks;
  std::optional<LiveOutput> live_output;  // publish while running (see above)
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
// Live output: a segment still being written is "<name>.part" (dash-origin knows).
inline constexpr const char* kGrowingSuffix = ".part";

class Segmenter {
 public:
  static media::Result<std::unique_ptr<Segmenter>> create(SegmenterConfig config, OutputFiles& files,
                                                          SegmentSink& sink);
  ~Segmenter();
  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

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
  // Live output: appends the pending samples as one chunk (opening the
  // segment's .part file first), then completes the segment (rename).
  media::Status write_live_chunk(std::optional<int64_t> next_dts_ticks);
  media::Status complete_live_segment();

  // The pending samples as one fragment: header, duration and statistics.
  struct Fragment {
    std::vector<uint8_t> header;  // moof + mdat header; payload_ follows it
    int64_t base_decode_ticks = 0;
    int64_t duration_ticks = 0;
    int64_t earliest_pts_ticks = 0;
    uint64_t luma_sse = 0;
    uint64_t luma_pixels = 0;
  };
  media::Result<Fragment> build_fragment(std::optional<int64_t> next_dts_ticks);

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
  uint32_t fragment_sequence_ = 0;  // mfhd: one per moof
  // Live output: the segment being written.
  FileWriter live_file_;
  SegmentWritten live_segment_;  // accumulates over its chunks
  uint64_t live_sse_ = 0, live_pixels_ = 0;
  bool live_open_ = false;
  // On-demand: fragments go to a scratch file until the sidx is known.
  FileWriter media_file_;
  std::filesystem::path media_path_;
  std::vector<mp4::SidxEntry> sidx_entries_;
  std::vector<SegmentWritten> on_demand_segments_;
  std::optional<int64_t> earliest_pts_ticks_;
};

}  // namespace packager
