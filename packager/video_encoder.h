// One rung's H.264 encoder: libx264 through libavcodec, capped VBR, key
// frames where the caller marks them (pict_type I, forced IDR) and nowhere
// else (scene-cut detection off, closed GOPs), PSNR from x264's own
// statistics. Packets come out with timestamps in the track timescale and
// length-prefixed NAL units, ready for the segmenter.
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
#include "packager/h264_bitstream.h"
#include "packager/x264_stats.h"

namespace packager {

// Capped VBR: the peak rate and the VBV buffer relative to the target rate.
inline constexpr double kMaxRateFactor = 1.5;    // maxrate = 1.5 × target
inline constexpr double kBufferSeconds = 2.0;    // bufsize = 2 s at maxrate

struct VideoEncoderSettings {
  uint32_t width = 0;            // pixels, even
  uint32_t height = 0;
  FrameRate frame_rate;          // constant: frame n has pts n in 1/frame_rate
  int64_t rate_bps = 0;          // target (average) rate
  std::string preset = "veryfast";
  int gop_frames = 0;            // maximum key frame distance (one segment)
  int threads = 1;               // x264 frame threads (1 = none)
  int64_t timescale = 90000;     // of the output timestamps
  // Live: no B-frames, no lookahead or mb-tree, so a frame leaves the encoder
  // as soon as it is coded (x264's zerolatency settings, frame threads kept).
  bool low_delay = false;
};

struct EncodedVideoPacket {
  int64_t pts_ticks = 0;
  int64_t dts_ticks = 0;
  int64_t duration_ticks = 0;
  bool key = false;
  std::span<const uint8_t> data;  // length-prefixed NAL units, valid during the callback
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
  // pict_type I forces an IDR), or flushes with nullptr; every finished
  // packet goes to `on_packet`.
  media::Status encode(const AVFrame* frame, const VideoPacketHandler& on_packet);

  // Flushes and reopens the encoder with another x264 preset, just before a
  // key frame, when the new one writes the same SPS/PPS (the init segment
  // stays valid); false (old encoder kept) when it would not.
  media::Result<bool> switch_preset(const std::string& preset, const VideoPacketHandler& on_packet);

  const AvcConfig& config() const { return config_; }
  const std::vector<uint8_t>& avcc() const { return avcc_; }
  const std::string& codecs() const { return codecs_; }
  const VideoEncoderSettings& settings() const { return settings_; }

 private:
  explicit VideoEncoder(const VideoEncoderSettings& s) : settings_(s) {}
  static media::Result<media::av::CodecContextPtr> open_codec(const VideoEncoderSettings& s, FramePsnrQueue* psnr);
  media::Status drain(const VideoPacketHandler& on_packet);

  VideoEncoderSettings settings_;
  media::av::CodecContextPtr codec_;
  media::av::PacketPtr packet_;
  AvcConfig config_;
  std::vector<uint8_t> avcc_;
  std::string codecs_;
  std::vector<uint8_t> sample_;  // reused conversion buffer
  FramePsnrQueue psnr_;          // x264's per-frame luma PSNR, in output order
};

}  // namespace packager
