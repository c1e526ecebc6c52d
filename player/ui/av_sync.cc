#include "player/ui/av_sync.h"

#include <cmath>

namespace player {

SyncDecision decide_frame(const std::vector<double>& pts, double clock_s) {
  SyncDecision d;
  if (pts.empty()) return d;
  if (std::fabs(pts.front() - clock_s) > kNoSyncS) {
    d.show = true;  // unrelated clocks: no dropping spree
    return d;
  }
  // Drop frames whose successor is also due: they were too late to show.
  size_t i = 0;
  while (i + 1 < pts.size() && pts[i + 1] <= clock_s + kEarlyS && clock_s - pts[i] > kLateS) ++i;
  d.drop = i;
  d.show = pts[i] <= clock_s + kEarlyS;
  return d;
}

}  // namespace player
