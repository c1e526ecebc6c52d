#include "packager/live/speed_monitor.h"

namespace packager {

SpeedEvent SpeedMonitor::add(double elapsed_s, double done_s, double waited_s) {
  samples_.push_back({elapsed_s, done_s, waited_s});
  while (samples_.size() > 2 && samples_.front().elapsed_s < elapsed_s - kSpeedWindowS) samples_.pop_front();
  const Sample& first = samples_.front();
  const double span_s = elapsed_s - first.elapsed_s;
  if (span_s < kSpeedWindowS * 0.8) return SpeedEvent::kNone;  // not a window yet
  speed_x_ = (done_s - first.done_s) / span_s;
  waited_share_ = (waited_s - first.waited_s) / span_s;
  if (!behind_ && waited_share_ > kBehindFraction) {
    behind_ = true;
    return SpeedEvent::kFellBehind;
  }
  if (behind_ && waited_share_ < kCaughtUpFraction) {
    behind_ = false;
    return SpeedEvent::kCaughtUp;
  }
  return SpeedEvent::kNone;
}

}  // namespace packager
