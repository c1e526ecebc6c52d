// Audio-master A/V sync for the video renderer, as pure functions: given the
// queued frames' timestamps and the master clock, which frame to show now and
// how many stale ones to drop. ffplay's rules, with named thresholds.
#pragma once

#include <cstddef>
#include <vector>

namespace player {

// A frame may be shown up to this early; later than kLateS it is dropped.
inline constexpr double kEarlyS = 0.010;
inline constexpr double kLateS = 0.040;
// Beyond this difference the clocks are considered unrelated (after a seek or
// a discontinuity): show the next frame rather than drop the whole queue.
inline constexpr double kNoSyncS = 10.0;

struct SyncDecision {
  size_t drop = 0;    // frames to discard from the front of the queue
  bool show = false;  // show the frame now at the front (after dropping)
};

// `queued_pts_s`: timestamps of the queued frames, oldest first. The current
// frame stays on screen (repeated) until the next one is due.
SyncDecision decide_frame(const std::vector<double>& queued_pts_s, double clock_s);

}  // namespace player
