// Turns decoded frames with arbitrary (variable, jittery, missing)
// timestamps into a constant frame rate: output frame n shows the latest
// input frame whose timestamp is at or before n / fps (rounded to the
// nearest frame), duplicating or dropping as needed, like FFmpeg's
// "-vsync cfr". Pure logic over frame indices; the caller holds the frames.
#pragma once

#include <cstdint>
#include <optional>

namespace packager {

class FrameRateConverter {
 public:
  // `position` is the input frame's time in output frame units (rounded), or
  // nullopt when unknown (then it follows the previous frame). Returns how
  // many output frames the *previous* input frame covers before this one
  // takes over (0 when this frame replaces it: two inputs in one slot).
  int64_t push(std::optional<int64_t> position);
  // Output frames the last input frame covers at the end (1, or 0 if none).
  int64_t finish() const { return has_pending_ ? 1 : 0; }
  // Output index the previous (pending) input frame begins at.
  int64_t pending_index() const { return next_index_; }

 private:
  bool has_pending_ = false;
  int64_t next_index_ = 0;   // first output index of the pending input frame
};

}  // namespace packager
