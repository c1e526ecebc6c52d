// One video rung of the encode pipeline, on its own thread: takes decoded
// source frames from its queue, scales them to the rung, encodes them and
// hands the packets to the rung's segmenter (and, with --quality display,
// to its quality meter). The source thread fills the
// queue (frames are shared between rungs, never copied) and closes it at
// the end of the input; cancel() on the queue stops the worker early.
// Not thread-safe apart from the queue and frames_encoded().
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "media/bounded_queue.h"
#include "media/error.h"
#include "packager/ladder.h"
#include "packager/quality/display_quality.h"
#include "packager/scaler.h"
#include "packager/segmenter.h"
#include "packager/shared_frame.h"
#include "packager/video_encoder.h"

namespace packager {

// One source picture for the rungs; with --quality display, measured
// pictures also carry the source at display size.
struct FrameJob {
  SharedFrame source;
  SharedFrame display_reference;  // null when the picture is not measured
};

inline constexpr size_t kFrameQueueCapacity = 8;  // decoded frames waiting per rung

class RungWorker {
 public:
  RungWorker(std::string id, const LadderRung& rung, std::unique_ptr<VideoEncoder> encoder,
             std::unique_ptr<Segmenter> segmenter,
             std::unique_ptr<quality::DisplayQualityMeter> meter = nullptr);

  // Live (--adapt-preset): at each key frame, switch the encoder to the
  // kPresets entry `index` names when it changed. Call before run().
  void follow_preset(const std::atomic<int>* index) { preset_index_ = index; }

  // Until the queue is closed (then flushes the encoder and the segmenter)
  // or cancelled (kCancelled).
  media::Status run();

  const std::string& id() const { return id_; }
  const LadderRung& rung() const { return rung_; }
  media::BoundedQueue<FrameJob>& queue() { return queue_; }
  const VideoEncoder& encoder() const { return *encoder_; }
  const Segmenter& segmenter() const { return *segmenter_; }
  int64_t frames_encoded() const { return frames_encoded_.load(std::memory_order_relaxed); }
  // --quality display: per segment, after run(); null without it.
  const quality::DisplayQualityMeter* meter() const { return meter_.get(); }

 private:
  media::Status add_packet(const EncodedVideoPacket& packet);
  media::Status follow_preset_at(const AVFrame& frame, const VideoPacketHandler& on_packet);

  std::string id_;
  LadderRung rung_;
  std::unique_ptr<VideoEncoder> encoder_;
  std::unique_ptr<Segmenter> segmenter_;
  std::unique_ptr<quality::DisplayQualityMeter> meter_;
  Scaler scaler_;
  media::BoundedQueue<FrameJob> queue_{kFrameQueueCapacity};
  std::atomic<int64_t> frames_encoded_{0};
  const std::atomic<int>* preset_index_ = nullptr;  // null: the preset never changes
  int applied_preset_ = -1;                          // the kPresets index last tried
};

}  // namespace packager
