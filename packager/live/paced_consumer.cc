#include "packager/live/paced_consumer.h"

namespace packager {

media::Status PacedConsumer::wait_for(double media_s) {
  const double deadline_s = start_s_ + media_s;
  while (clock_.now_s() < deadline_s) {
    if (stop_.load()) return media::make_error(media::ErrorCode::kCancelled, "interrupted");
    clock_.sleep_until(deadline_s);  // ends early on Clock::wake()
  }
  return {};
}

template <typename Fn>
media::Status PacedConsumer::timed(Fn&& hand_on) {
  const double before_s = clock_.now_s();
  last_frame_s_.store(before_s, std::memory_order_relaxed);
  media::Status st = hand_on();
  // Single writer (this thread): a plain read-modify-write is enough.
  waited_s_.store(waited_s_.load(std::memory_order_relaxed) + (clock_.now_s() - before_s), std::memory_order_relaxed);
  return st;
}

media::Status PacedConsumer::on_video(const AVFrame* frame, int64_t index) {
  if (pace_ && rate_.num > 0) DS_RETURN_IF_ERROR(wait_for(double(index) * double(rate_.den) / double(rate_.num)));
  return timed([&] { return next_.on_video(frame, index); });
}

media::Status PacedConsumer::on_audio(const AVFrame* frame, size_t track) {
  if (pace_ && frame->pts != AV_NOPTS_VALUE && frame->sample_rate > 0)
    DS_RETURN_IF_ERROR(wait_for(double(frame->pts) / frame->sample_rate));
  return timed([&] { return next_.on_audio(frame, track); });
}

media::Status PacedConsumer::on_cue(subtitles::Cue cue, size_t track) { return next_.on_cue(std::move(cue), track); }

}  // namespace packager
