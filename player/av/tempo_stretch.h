// Plays audio faster or slower without changing its pitch (libavfilter's
// atempo, WSOLA): frames in at media time, frames out to be played at device
// speed, each stamped with the media time of its first sample, so the audio
// clock stays media time at any rate. A rate of 1 passes frames through.
// Not thread-safe: the audio decode thread owns one.
#pragma once

#include <functional>

#include "media/av/ptr.h"
#include "media/error.h"

extern "C" {
#include <libavutil/frame.h>
}

namespace player {

inline constexpr double kMinPlaybackRate = 0.5;
inline constexpr double kMaxPlaybackRate = 2.0;

class TempoStretch {
 public:
  using Sink = std::function<void(const AVFrame& frame, double pts_s)>;

  // Sets the rate (clamped to [0.5, 2]) for the frames pushed from now on.
  // Between two rates other than 1 the filter is retuned in place; to or
  // from 1 the few ms it holds are dropped.
  void set_rate(double rate);
  double rate() const { return rate_; }

  // Stretches `frame` (media time `pts_s`) and hands what is ready to `sink`.
  media::Status push(const AVFrame& frame, double pts_s, const Sink& sink);
  // Forgets buffered audio (a seek): the next frame starts a new timeline.
  void reset();

 private:
  media::Status build(const AVFrame& frame);

  double rate_ = 1;
  media::av::FilterGraphPtr graph_;
  AVFilterContext* source_ = nullptr;
  AVFilterContext* sink_ = nullptr;
  int in_rate_ = 0, in_format_ = -1, in_channels_ = 0;
  double next_pts_s_ = 0;  // media time of the next output sample
  media::av::FramePtr out_;
};

}  // namespace player
