// Where decoded frames go: nowhere in headless mode, to SDL in the desktop
// player. Called on the decode threads; implementations synchronise themselves.
#pragma once

extern "C" {
#include <libavutil/frame.h>
}

namespace player {

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  // `pts_s` is the presentation time on the playback clock.
  virtual void video_frame(const AVFrame& /*frame*/, double /*pts_s*/) {}
  virtual void audio_frame(const AVFrame& /*frame*/, double /*pts_s*/) {}
  // Drops everything queued (seek).
  virtual void flush() {}
  // How far ahead of the playback position a frame is handed over. 0: at its
  // time (headless). Infinity: as soon as decoded; the sink blocks when full and
  // paces presentation itself (the SDL window, with audio as master clock).
  virtual double lead_s(bool /*video*/) const { return 0; }
};

}  // namespace player
