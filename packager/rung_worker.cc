#include "packager/rung_worker.h"

#include "packager/options.h"

namespace packager {

RungWorker::RungWorker(std::string id, const LadderRung& rung, std::unique_ptr<VideoEncoder> encoder,
                       std::unique_ptr<Segmenter> segmenter, std::unique_ptr<quality::DisplayQualityMeter> meter)
    : id_(std::move(id)),
      rung_(rung),
      encoder_(std::move(encoder)),
      segmenter_(std::move(segmenter)),
      meter_(std::move(meter)),
      scaler_(rung.width, rung.height) {}

media::Status RungWorker::add_packet(const EncodedVideoPacket& p) {
  Sample s;
  s.pts_ticks = p.pts_ticks;
  s.dts_ticks = p.dts_ticks;
  s.duration_ticks = p.duration_ticks;
  s.sync = p.key;
  s.luma_sse = p.luma_sse;
  s.luma_pixels = p.luma_pixels;
  if (meter_) DS_RETURN_IF_ERROR(meter_->on_packet(p));  // before the segmenter may encrypt it
  DS_RETURN_IF_ERROR(segmenter_->add(s, p.data));
  frames_encoded_.fetch_add(1, std::memory_order_relaxed);
  return {};
}

// A switch happens only at a segment boundary (a forced key frame), so each
// segment is made by one encoder; tried once per change of the index.
media::Status RungWorker::follow_preset_at(const AVFrame& frame, const VideoPacketHandler& on_packet) {
  if (preset_index_ == nullptr || frame.pict_type != AV_PICTURE_TYPE_I) return {};
  const int wanted = preset_index_->load();
  if (wanted == applied_preset_) return {};
  applied_preset_ = wanted;
  auto switched = encoder_->switch_preset(kPresets[wanted], on_packet);
  if (!switched.ok()) return switched.error().with_context("representation " + id_);
  return {};
}

media::Status RungWorker::run() {
  const VideoPacketHandler on_packet = [this](const EncodedVideoPacket& p) { return add_packet(p); };
  for (;;) {
    FrameJob job;
    const media::QueueStatus q = queue_.pop(job);
    if (q == media::QueueStatus::kCancelled) return media::make_error(media::ErrorCode::kCancelled, "interrupted");
    if (q == media::QueueStatus::kClosed) break;
    if (meter_ && job.display_reference) meter_->add_reference(job.source->pts, std::move(job.display_reference));
    auto scaled = scaler_.scale(job.source.get());
    if (!scaled.ok()) return scaled.error().with_context("representation " + id_);
    DS_RETURN_IF_ERROR(follow_preset_at(*job.source, on_packet));
    DS_RETURN_IF_ERROR(encoder_->encode(*scaled, on_packet));
  }
  DS_RETURN_IF_ERROR(encoder_->encode(nullptr, on_packet));
  if (meter_) DS_RETURN_IF_ERROR(meter_->finish());
  return segmenter_->finish();
}

}  // namespace packager
