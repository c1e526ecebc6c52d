// A decoded picture shared between threads without copying (the source
// thread hands one to every rung worker); freed with its last owner.
#pragma once

#include <memory>

extern "C" {
#include <libavutil/frame.h>
}

namespace packager {

using SharedFrame = std::shared_ptr<AVFrame>;

inline SharedFrame make_shared_frame() {
  return SharedFrame(av_frame_alloc(), [](AVFrame* f) { av_frame_free(&f); });
}

}  // namespace packager
