// --quality display: what a viewer of one rung sees, measured against the
// source. The rung's encoded packets are decoded again, each measured
// picture is scaled to the display size (the top rung's, bicubic, like the
// source's own scaling) and compared with the source scaled to that size:
// luma PSNR and SSIM per segment, so every rung is scored on one scale and
// the scores rank rungs as viewers would (x264's own PSNR is at each rung's
// size). Every kMeasureEveryFrames-th picture is measured (all are decoded).
// Not thread-safe: owned by one rung worker.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "media/av/ptr.h"
#include "media/error.h"
#include "packager/boundaries.h"
#include "packager/shared_frame.h"
#include "packager/video_bitstream.h"
#include "packager/video_encoder.h"

namespace packager::quality {

// 1 in 4 pictures keeps the cost near a fifth of encoding (see bench-package.sh) while a 4 s segment still has 30.
inline constexpr int64_t kMeasureEveryFrames = 4;

inline bool measured_frame(int64_t frame_index) { return frame_index % kMeasureEveryFrames == 0; }

struct SegmentQuality {
  uint64_t sse = 0;      // luma squared error over the measured pictures
  uint64_t pixels = 0;
  double ssim_sum = 0;   // of the measured pictures
  int frames = 0;
  bool operator==(const SegmentQuality&) const = default;
};

struct DisplayQualitySettings {
  VideoCodec codec = VideoCodec::kH264;
  VideoStreamConfig stream;  // for the decoder's extradata
  uint32_t width = 0;        // the rung's coded size
  uint32_t height = 0;
  uint32_t display_width = 0;  // the top rung's
  uint32_t display_height = 0;
  FrameRate rate;
  int64_t segment_us = 0;    // the boundary rule, to put pictures in segments
  int64_t frame_ticks = 0;   // one frame in the packets' timescale
};

class DisplayQualityMeter {
 public:
  static media::Result<std::unique_ptr<DisplayQualityMeter>> open(const DisplayQualitySettings& settings);

  // The source picture `frame_index` at display size (yuv420p), for a measured picture.
  void add_reference(int64_t frame_index, SharedFrame reference);
  // Decodes one encoded packet (before any encryption) and measures what comes out.
  media::Status on_packet(const EncodedVideoPacket& packet);
  // Flushes the decoder.
  media::Status finish();

  // By segment: entry k is the segment that starts at boundary_frame(k).
  const std::vector<SegmentQuality>& segments() const { return segments_; }

 private:
  explicit DisplayQualityMeter(const DisplayQualitySettings& s) : settings_(s) {}
  media::Status receive_frames();
  media::Status measure(const AVFrame* decoded);
  size_t segment_of(int64_t frame_index);  // grows segments_ as needed

  DisplayQualitySettings settings_;
  media::av::CodecContextPtr decoder_;
  media::av::PacketPtr packet_;
  media::av::FramePtr decoded_;
  media::av::FramePtr upscaled_;
  media::av::SwsPtr sws_;
  std::map<int64_t, SharedFrame> references_;  // by frame index, until decoded
  std::vector<SegmentQuality> segments_;
};

}  // namespace packager::quality
