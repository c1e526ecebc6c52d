// The video side of the desktop player: a small queue of decoded frames
// (filled by the decode thread, which blocks when it is full) and the SDL
// texture they are drawn into, letterboxed to the display aspect ratio.
// push()/flush()/stop() are thread-safe; the rest runs on the UI thread.
#pragma once

#include <SDL2/SDL.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

#include "media/av/ptr.h"
#include "player/av/display_converter.h"

namespace player {

class VideoOutput {
 public:
  static constexpr size_t kQueueFrames = 3;

  VideoOutput() = default;
  ~VideoOutput();

  // Decode thread: queues a reference to `frame`; blocks while the queue is full.
  void push(const AVFrame& frame, double pts_s);
  void flush();
  void stop();

  // UI thread: applies the sync rule against `clock_s`; true when a new frame
  // was uploaded to the texture.
  bool update(SDL_Renderer* renderer, double clock_s);
  // Draws the current frame letterboxed into the output; false before the first frame.
  bool draw(SDL_Renderer* renderer) const;

  std::optional<double> shown_pts_s() const { return shown_pts_s_; }
  int64_t frames_shown() const { return frames_shown_; }
  int64_t frames_dropped() const;
  double display_aspect() const { return display_aspect_; }
  bool has_frame() const { return texture_ != nullptr && shown_pts_s_.has_value(); }

 private:
  struct Queued {
    media::av::FramePtr frame;
    double pts_s = 0;
  };
  bool upload(SDL_Renderer* renderer, const AVFrame& frame);

  mutable std::mutex mutex_;  // guards queue_, stopped_, dropped_
  std::condition_variable not_full_;
  std::deque<Queued> queue_;
  bool stopped_ = false;
  int64_t dropped_ = 0;

  // UI thread only.
  SDL_Texture* texture_ = nullptr;
  int texture_w_ = 0, texture_h_ = 0;
  DisplayConverter converter_;  // to 8-bit 4:2:0 (render thread)
  std::optional<double> shown_pts_s_;
  int64_t frames_shown_ = 0;
  double display_aspect_ = 16.0 / 9.0;
};

}  // namespace player
