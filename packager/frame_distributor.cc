#include "packager/frame_distributor.h"

#include "media/av/error.h"

namespace packager {

void FrameDistributor::measure_at(uint32_t display_width, uint32_t display_height) {
  display_width_ = display_width;
  display_height_ = display_height;
}

// The source picture at display size, in a frame of its own (kept until every rung has decoded it).
media::Result<SharedFrame> FrameDistributor::display_reference(const AVFrame* frame) {
  SharedFrame out = make_shared_frame();
  if (!out) return media::make_error(media::ErrorCode::kInternal, "out of memory");
  out->width = static_cast<int>(display_width_);
  out->height = static_cast<int>(display_height_);
  out->format = AV_PIX_FMT_YUV420P;
  if (int ret = av_frame_get_buffer(out.get(), 0); ret < 0) return media::av::make_av_error(ret, "reference frame");
  display_sws_.reset(sws_getCachedContext(display_sws_.release(), frame->width, frame->height,
                                          static_cast<AVPixelFormat>(frame->format), out->width, out->height,
                                          AV_PIX_FMT_YUV420P, SWS_BICUBIC, nullptr, nullptr, nullptr));
  if (!display_sws_) return media::make_error(media::ErrorCode::kInternal, "no scaler for the reference frames");
  sws_scale(display_sws_.get(), frame->data, frame->linesize, 0, frame->height, out->data, out->linesize);
  return out;
}

media::Status FrameDistributor::on_video(const AVFrame* frame, int64_t index) {
  if (rungs_.empty()) return {};
  SharedFrame reference;
  if (display_width_ > 0 && quality::measured_frame(index)) {
    auto r = display_reference(frame);
    if (!r.ok()) return r.error();
    reference = std::move(*r);
  }
  SharedFrame shared = make_shared_frame();
  if (!shared) return media::make_error(media::ErrorCode::kInternal, "out of memory");
  if (int ret = av_frame_ref(shared.get(), frame); ret < 0) return media::av::make_av_error(ret, "video frame");
  shared->pts = index;  // encoder time base is 1/frame_rate
  // Key frames exactly at the segment boundaries, in every rung; the
  // source's own picture types must not leak into the encoders.
  shared->pict_type = is_boundary_frame(index, segment_us_, rate_) ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
  for (auto& r : rungs_)
    if (r->queue().push(FrameJob{shared, reference}) != media::QueueStatus::kOk)
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
