// The pacing policy of one emulated link: how long a transfer takes when it
// starts at trace time t, following the trace's rates (wrapping at the end).
// Pure: no clock, no sleeping; the shaper applies it.
#pragma once

#include <vector>

#include "media/net_trace.h"

namespace origin {

class TracePacer {
 public:
  // `periods` must deliver something over one pass (media/net_trace.h checks).
  explicit TracePacer(std::vector<media::TracePeriod> periods);
  static TracePacer constant(double rate_bps, double latency_ms = 0);

  // Trace time (s) at which `bytes` have been delivered by a link that starts
  // sending them at trace time `start_s` and is otherwise idle.
  double finish_time(double start_s, double bytes) const;

  double latency_ms_at(double t_s) const;
  double rate_bps_at(double t_s) const;
  double cycle_s() const { return cycle_s_; }

 private:
  size_t period_index(double t_in_cycle) const;

  std::vector<media::TracePeriod> periods_;
  std::vector<double> ends_s_;  // cumulative end of each period within a cycle
  double cycle_s_ = 0;
  double cycle_bytes_ = 0;
};

}  // namespace origin
