// One rung's video encoder through libavcodec: libx264 (H.264), libx265
// (HEVC) or libsvtav1 (AV1), capped VBR, closed GOPs, no scene-cut key
// frames. x264 and x265 make an IDR frame wherever the caller marks one
// (pict_type I); SVT-AV1 makes a key frame every gop_frames pictures, so
// the caller's boundaries must fall on those. PSNR comes from x264's own
// statistics (the others report none through FFmpeg 5.1). Packets come out
// as MP4 samples with timestamps in the track timescale.
// Not thread-safe: owned by one rung worker.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "media/av/ptr.h"
#include "media/error.h"
#include "packager/boundaries.h"
#include "packager/video_bitstream.h"
#include "packager/video_codec.h"
#include "packager/x264_stats.h"

namespace packager {

// Capped VBR: the peak rate and the VBV buffer relative to the target rate.
inline constexpr double kMaxRateFactor = 1.5;    // maxrate = 1.5 × target
inline constexpr double kBufferSeconds = 2.0;    // bufsize = 2 s at maxrate

struct VideoEncoderSettings {
  VideoCodec codec = VideoCodec::kH264;
  uint32_t width = 0;            // pixels, even
  uint32_t height = 0;
  FrameRate frame_rate;          // constant: frame n has pts n in 1/frame_rate
  int64_t rate_bps = 0;          // target (average) rate
  std::string preset = "veryfast";  // x264/x265 preset name; mapped to an SVT-AV1 preset number
  int gop_frames = 0;            // maximum key frame distance (one segment)
  int threads = 1;               // encoder threads (1 = none)
  int64_t timescale = 90000;     // of the output timestamps
  // Live: no B-frames, no lookahead or mb-tree, so a frame leaves the encoder
  // as soon as it is coded (x264's zerolatency settings, frame threads kept).
  // x264 only: opening another codec with it is an error.
  bool low_delay = false;
};

// The SVT-AV1 preset (0 slowest .. 13 fastest) for an x264 preset name, at
// a similar place between best and fastest.
int svt_av1_preset(const std::string& x264_preset);

struct EncodedVideoPacket {
  int64_t pts_ticks = 0;
  int64_t dts_ticks = 0;
  int64_t duration_ticks = 0;
  bool key = false;
  std::span<const uint8_t> data;  // the MP4 sample, valid during the callback
  uint64_t luma_sse = 0;          // squared error against the encoder input
  uint64_t luma_pixels = 0;       // 0 when the encoder gave no statistics
};

using VideoPacketHandler = std::function<media::Status(const EncodedVideoPacket&)>;

class VideoEncoder {
 public:
  static media::Result<std::unique_ptr<VideoEncoder>> open(const VideoEncoderSettings& settings);
  ~VideoEncoder();
  VideoEncoder(const VideoEncoder&) = delete;
  VideoEncoder& operator=(const VideoEncoder&) = delete;

  // Encodes one yuv420p frame of the configured size (pts = frame index;
  // pict_type I forces an IDR where the encoder can), or flushes with
  // nullptr; every finished packet goes to `on_packet`.
  media::Status encode(const AVFrame* frame, const VideoPacketHandler& on_packet);

  // Flushes and reopens the encoder with another x264 preset, just before a
  // key frame, when the new one writes the same SPS/PPS (the init segment
  // stays valid); false (old encoder kept) when it would not, and always
  // for HEVC and AV1.
  media::Result<bool> switch_preset(const std::string& preset, const VideoPacketHandler& on_packet);

  const VideoStreamConfig& stream_config() const { return stream_; }
  const std::string& codecs() const { return stream_.codecs; }
  const VideoEncoderSettings& settings() const { return settings_; }

 private:
  explicit VideoEncoder(const VideoEncoderSettings& s) : settings_(s) {}
  static media::Result<media::av::CodecContextPtr> open_codec(const VideoEncoderSettings& s, FramePsnrQueue* psnr);
  media::Status drain(const VideoPacketHandler& on_packet);

  VideoEncoderSettings settings_;
  std::string what_;  // "libx264 640x360", for messages
  media::av::CodecContextPtr codec_;
  media::av::PacketPtr packet_;
  VideoStreamConfig stream_;
  std::vector<uint8_t> sample_;  // reused conversion buffer
  FramePsnrQueue psnr_;          // x264's per-frame luma PSNR, in output order
};

}  // namespace packager
