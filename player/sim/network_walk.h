// A request-level view of a trace, as Sabre's NetworkModel: time moves
// through the periods (wrapping at the end); a request first waits the
// current period's latency (crossing into the next period scales what is
// left to its latency), then bytes flow at each period's rate. Used by the
// request-level model; not thread-safe.
#pragma once

#include <vector>

#include "media/net_trace.h"

namespace sim {

class NetworkWalk {
 public:
  // requires: trace.periods has a period with positive duration and rate.
  explicit NetworkWalk(const std::vector<media::TracePeriod>& periods);

  // Lets `seconds` pass (no data).
  void idle(double seconds);
  // One request's latency; returns its duration in seconds.
  double latency();
  struct Transfer {
    double bytes = 0;
    double seconds = 0;
  };
  // Transfers up to `bytes`, stopping early after `max_seconds`.
  Transfer transfer(double bytes, double max_seconds);
  double now_s() const { return now_s_; }

 private:
  void next_period();

  const std::vector<media::TracePeriod>& periods_;
  size_t index_ = 0;
  double left_s_ = 0;  // of the current period
  double now_s_ = 0;
};

}  // namespace sim
