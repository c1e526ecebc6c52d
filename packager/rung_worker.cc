#include "packager/rung_worker.h"

namespace packager {

RungWorker::RungWorker(std::string id, const LadderRung& rung, std::unique_ptr<VideoEncoder> encoder,
                       std::unique_ptr<Segmenter> segmenter)
    : id_(std::move(id)),
      rung_(rung),
      encoder_(std::move(encoder)),
      segmenter_(std::move(segmenter)),
      scaler_(rung.width, rung.height) {}

media::Status RungWorker::add_packet(const EncodedVideoPacket& p) {
  Sample s;
  s.pts_ticks = p.pts_ticks;
  s.dts_ticks = p.dts_ticks;
  s.duration_ticks = p.duration_ticks;
  s.sync = p.key;
  s.luma_sse = p.luma_sse;
  s.luma_pixels = p.luma_pixels;
  DS_RETURN_IF_ERROR(segmenter_->add(s, p.data));
  frames_encoded_.fetch_add(1, std::memory_order_relaxed);
  return {};
}

media::Status RungWorker::run() {
  const VideoPacketHandler on_packet = [this](const EncodedVideoPacket& p) { return add_packet(p); };
  for (;;) {
    SharedFrame frame;
    const media::QueueStatus q = queue_.pop(frame);
    if (q == media::QueueStatus::kCancelled) return media::make_error(media::ErrorCode::kCancelled, "interrupted");
    if (q == media::QueueStatus::kClosed) break;
    auto scaled = scaler_.scale(frame.get());
    if (!scaled.ok()) return scaled.error().with_context("representation " + id_);
    DS_RETURN_IF_ERROR(encoder_->encode(*scaled, on_packet));
  }
  DS_RETURN_IF_ERROR(encoder_->encode(nullptr, on_packet));
  return segmenter_->finish();
}

}  // namespace packager
