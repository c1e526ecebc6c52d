// Applies a display rotation (from the stream's display matrix) to decoded
// frames with libavfilter (transpose / hflip+vflip), so every rung is
// encoded upright. Not thread-safe: owned by the source thread.
#pragma once

#include "media/av/ptr.h"
#include "media/error.h"

namespace packager {

// Clockwise display rotation of a stream in degrees (0, 90, 180, 270), read
// from its display matrix side data; 0 when absent or not a right angle.
int stream_rotation_deg(const AVStream* stream);

class VideoRotation {
 public:
  explicit VideoRotation(int rotation_deg) : rotation_deg_(rotation_deg) {}

  bool active() const { return rotation_deg_ != 0; }
  // Rotates `in` into an internal frame (valid until the next call).
  media::Result<const AVFrame*> apply(const AVFrame* in);

 private:
  media::Status configure(const AVFrame* in);

  int rotation_deg_;
  media::av::FilterGraphPtr graph_;
  AVFilterContext* src_ = nullptr;   // owned by graph_
  AVFilterContext* sink_ = nullptr;  // owned by graph_
  media::av::FramePtr out_;
};

}  // namespace packager
