// Decodes one elementary stream with libavcodec (threaded), across
// representation switches: a new representation drains the old decoder and
// opens a new one, so no frame is lost and no decoder sees foreign
// parameter sets.
#pragma once

#include <functional>
#include <string>

#include "media/av/ptr.h"
#include "media/error.h"

namespace player {

// A decoded frame and its presentation time in seconds. The frame is only
// valid during the callback.
using FrameCallback = std::function<void(const AVFrame& frame, double pts_s)>;

class StreamDecoder {
 public:
  // Decoder threads; 0 = FFmpeg's choice (number of cores).
  explicit StreamDecoder(int threads = 0) : threads_(threads) {}

  // Makes sure the decoder matches `stream` of representation `rep_id`,
  // draining the previous one (its frames go to `on_frame`) when it changes.
  media::Status prepare(const std::string& rep_id, const AVStream& stream, const FrameCallback& on_frame);

  // Sends one packet and hands every frame it completes to `on_frame`.
  media::Status decode(const AVPacket& packet, const FrameCallback& on_frame);

  // Forgets the decoder and its frames in flight (after a seek).
  void reset() {
    codec_.reset();
    rep_id_.clear();
  }

  // End of stream: flushes the decoder.
  media::Status drain(const FrameCallback& on_frame);

  const AVCodecContext* context() const { return codec_.get(); }
  int64_t frames_decoded() const { return frames_decoded_; }
  int64_t decode_errors() const { return decode_errors_; }
  // Packets sent, and those the decoder refused or could only conceal
  // (refused packets plus frames flagged corrupt or with decode errors).
  int64_t packets_sent() const { return packets_sent_; }
  int64_t packets_damaged() const { return decode_errors_ + frames_damaged_; }

 private:
  media::Status receive_all(const FrameCallback& on_frame);

  int threads_;
  std::string rep_id_;
  AVRational time_base_{1, 1};
  media::av::CodecContextPtr codec_;
  media::av::FramePtr frame_;
  int64_t frames_decoded_ = 0;
  int64_t decode_errors_ = 0;
  int64_t packets_sent_ = 0;
  int64_t frames_damaged_ = 0;
};

}  // namespace player
