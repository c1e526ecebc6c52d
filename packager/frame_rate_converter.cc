#include "packager/frame_rate_converter.h"

#include <algorithm>

namespace packager {

int64_t FrameRateConverter::push(std::optional<int64_t> position) {
  if (!has_pending_) {
    // The first frame starts the presentation, whatever its timestamp.
    has_pending_ = true;
    next_index_ = 0;
    return 0;
  }
  // The pending frame covers [next_index_, position); at least one slot once
  // it is its own frame, none if the new frame lands in the same slot.
  const int64_t pos = position.value_or(next_index_ + 1);
  const int64_t covered = std::max<int64_t>(0, pos - next_index_);
  next_index_ += covered;
  return covered;
}

}  // namespace packager
