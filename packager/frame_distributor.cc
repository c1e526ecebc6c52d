#include "packager/frame_distributor.h"

#include "media/av/error.h"

namespace packager {

media::Status FrameDistributor::on_video(const AVFrame* frame, int64_t index) {
  if (rungs_.empty()) return {};
  SharedFrame shared(av_frame_alloc(), [](AVFrame* f) { av_frame_free(&f); });
  if (!shared) return media::make_error(media::ErrorCode::kInternal, "out of memory");
  if (int ret = av_frame_ref(shared.get(), frame); ret < 0) return media::av::make_av_error(ret, "video frame");
  shared->pts = index;  // encoder time base is 1/frame_rate
  // Key frames exactly at the segment boundaries, in every rung; the
  // source's own picture types must not leak into the encoders.
  shared->pict_type = is_boundary_frame(index, segment_us_, rate_) ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
  for (auto& r : rungs_)
    if (r->queue().push(shared) != media::QueueStatus::kOk)
      return media::make_error(media::ErrorCode::kCancelled, "interrupted");
  frames_out_ = index + 1;
  return {};
}

media::Status FrameDistributor::encode_audio(AudioOutput& out, const AVFrame* frame) {
  return out.encoder->encode(frame, [&out](const EncodedAudioPacket& p) -> media::Status {
    Sample s;
    s.pts_ticks = p.pts_ticks;
    s.dts_ticks = p.pts_ticks;
    s.duration_ticks = p.duration_ticks;
    s.sync = true;
    DS_RETURN_IF_ERROR(out.segmenter->add(s, p.data));
    out.ticks_written.store(p.pts_ticks + p.duration_ticks, std::memory_order_relaxed);
    return {};
  });
}

media::Status FrameDistributor::on_audio(const AVFrame* frame, size_t track) {
  if (track >= audio_.size()) return {};
  return encode_audio(*audio_[track], frame);
}

media::Status FrameDistributor::on_cue(subtitles::Cue cue, size_t track) {
  if (track >= cues_.size()) cues_.resize(track + 1);
  cues_[track].push_back(std::move(cue));
  return {};
}

media::Status FrameDistributor::finish_audio() {
  for (auto& a : audio_) DS_RETURN_IF_ERROR(encode_audio(*a, nullptr));
  return {};
}

}  // namespace packager
