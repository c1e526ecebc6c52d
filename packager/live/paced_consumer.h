// A FrameConsumer decorator for live inputs: with pacing on, delivers each
// frame no earlier than its capture time (frame time t at start + t on the
// clock, like `ffmpeg -re`), so a file or the test source behaves like a
// camera; always records (in `last_frame_s`, clock time) when the last frame
// passed, for the stall watchdog, and adds the time spent handing frames on
// (waiting while the encoders' queues are full) to `waited_s`, for the
// speed monitor. Used on the source thread.
#pragma once

#include <atomic>

#include "media/clock.h"
#include "packager/boundaries.h"
#include "packager/source.h"

namespace packager {

class PacedConsumer : public FrameConsumer {
 public:
  // `start_s` is the clock time of media time 0.
  PacedConsumer(FrameConsumer& next, media::Clock& clock, double start_s, bool pace, FrameRate rate,
                const std::atomic<bool>& stop, std::atomic<double>& last_frame_s, std::atomic<double>& waited_s)
      : next_(next), clock_(clock), start_s_(start_s), pace_(pace), rate_(rate), stop_(stop),
        last_frame_s_(last_frame_s), waited_s_(waited_s) {}

  media::Status on_video(const AVFrame* frame, int64_t index) override;
  media::Status on_audio(const AVFrame* frame, size_t track) override;
  media::Status on_cue(subtitles::Cue cue, size_t track) override;

 private:
  // Waits until clock time start + media_s; kCancelled once `stop` is set.
  media::Status wait_for(double media_s);
  // Runs `hand_on` (the next consumer), counting the time it takes.
  template <typename Fn>
  media::Status timed(Fn&& hand_on);

  FrameConsumer& next_;
  media::Clock& clock_;
  const double start_s_;
  const bool pace_;
  const FrameRate rate_;
  const std::atomic<bool>& stop_;
  std::atomic<double>& last_frame_s_;
  std::atomic<double>& waited_s_;
};

}  // namespace packager
