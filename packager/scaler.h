// Scales decoded frames to one rung's size and to yuv420p (swscale,
// bicubic like FFmpeg's scale filter). A frame that already has the size and
// format passes through untouched. Not thread-safe: one per rung worker.
#pragma once

#include <cstdint>

#include "media/av/ptr.h"
#include "media/error.h"

namespace packager {

class Scaler {
 public:
  Scaler(uint32_t width, uint32_t height) : width_(width), height_(height) {}

  // The frame to encode: `src` itself or the scaled copy (valid until the
  // next call). Timestamps and picture type are carried over.
  media::Result<const AVFrame*> scale(const AVFrame* src);

 private:
  uint32_t width_;
  uint32_t height_;
  media::av::SwsPtr sws_;
  media::av::FramePtr out_;
  int src_width_ = 0, src_height_ = 0, src_format_ = -1;
};

}  // namespace packager
