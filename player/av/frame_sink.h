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
};

}  // namespace player
