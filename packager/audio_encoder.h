// The audio encoder: any decoded audio → stereo (downmixed by swresample's
// matrix: centre and surrounds at -3 dB) or 5.1, 48 kHz float planar →
// 1024-sample frames (audio FIFO) → AAC-LC (FFmpeg's encoder). Output
// timestamps count samples from the presentation start, the encoder's
// priming packet dropped, so packet j starts at j·1024 and carries input
// samples [j·1024, (j+1)·1024).
// Not thread-safe: owned by the source thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "media/av/ptr.h"
#include "media/error.h"

namespace packager {

inline constexpr int kAudioSampleRate = 48000;
inline constexpr int kStereoChannels = 2;
inline constexpr int kSurroundChannels = 6;  // 5.1: AAC channel configuration 6
inline constexpr int kAacFrameSamples = 1024;

struct AudioEncoderSettings {
  int64_t rate_bps = 128'000;
  int channels = kStereoChannels;  // kStereoChannels or kSurroundChannels
};

struct EncodedAudioPacket {
  int64_t pts_ticks = 0;  // samples at 48 kHz
  int64_t duration_ticks = 0;
  std::span<const uint8_t> data;  // one raw AAC frame, valid during the callback
};

using AudioPacketHandler = std::function<media::Status(const EncodedAudioPacket&)>;

class AudioEncoder {
 public:
  static media::Result<std::unique_ptr<AudioEncoder>> open(const AudioEncoderSettings& settings);
  ~AudioEncoder() { av_channel_layout_uninit(&in_layout_); }
  AudioEncoder(const AudioEncoder&) = delete;
  AudioEncoder& operator=(const AudioEncoder&) = delete;

  // `frame->pts` counts samples at frame->sample_rate from the presentation
  // start (AV_NOPTS_VALUE: continue where the last frame ended); a gap at
  // the very start is filled with silence, samples before the start are
  // dropped. nullptr flushes.
  media::Status encode(const AVFrame* frame, const AudioPacketHandler& on_packet);

  const std::vector<uint8_t>& audio_specific_config() const { return asc_; }
  const std::string& codecs() const { return codecs_; }
  int64_t rate_bps() const { return settings_.rate_bps; }
  int channels() const { return settings_.channels; }
  // Samples (48 kHz) handed to the encoder so far, without its padding.
  int64_t samples_in() const { return next_pts_; }

 private:
  explicit AudioEncoder(const AudioEncoderSettings& s) : settings_(s) {}
  std::vector<uint8_t*> converted_planes();  // views of converted_
  media::Status configure_resampler(const AVFrame* frame);
  media::Status push_samples(uint8_t** data, int samples);
  media::Status encode_fifo(bool final, const AudioPacketHandler& on_packet);
  media::Status send(const AVFrame* frame, const AudioPacketHandler& on_packet);

  media::av::CodecContextPtr codec_;
  media::av::SwrPtr swr_;
  media::av::AudioFifoPtr fifo_;
  media::av::FramePtr frame_;
  media::av::PacketPtr packet_;
  std::vector<uint8_t> asc_;
  std::string codecs_;
  AudioEncoderSettings settings_;
  int in_rate_ = 0, in_format_ = -1;
  AVChannelLayout in_layout_{};
  bool started_ = false;
  int64_t skip_samples_ = 0;   // output samples still to drop (input began before the start)
  int64_t next_pts_ = 0;       // output samples sent to the encoder so far
  std::vector<std::vector<float>> converted_;  // one buffer per output channel
};

}  // namespace packager
