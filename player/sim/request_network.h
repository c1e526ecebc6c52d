// A request-level network, as in the BOLA/Sabre studies (UMass-LIDS/sabre
// NetworkModel): the trace is a list of periods (duration, rate, latency)
// that wraps around; every request first waits one latency of the period it
// is in (this consumes trace time: a latency that outlasts its period
// continues at the next period's latency, in proportion), then its bytes
// flow at the period rates. Transfers can stop early (at a byte count or a
// time budget) so that the session can look at the progress and abandon.
// Not thread-safe; one per session. requires: periods with positive total
// duration.
#pragma once

#include <span>

#include "media/net_trace.h"

namespace sim {

struct TransferStep {
  double bytes = 0;      // delivered during the step
  double duration_s = 0; // time the step took
};

class RequestNetwork {
 public:
  // latency_scale multiplies every period's latency (1: as the trace says).
  explicit RequestNetwork(std::span<const media::TracePeriod> periods, double latency_scale = 1);

  // The wait before a request's first byte; returns its duration (s).
  double request_latency();
  // Delivers up to `bytes`, stopping after `max_s` of trace time.
  TransferStep transfer(double bytes, double max_s);
  // Lets time pass without a request (a full buffer, an ABR wait).
  void idle(double duration_s);
  double now_s() const { return now_s_; }  // trace time consumed so far

 private:
  void next_period();
  double latency_s() const { return periods_[index_].latency_ms / 1000 * latency_scale_; }

  std::span<const media::TracePeriod> periods_;
  double latency_scale_;
  size_t index_ = 0;
  double left_s_ = 0;  // time left in the current period
  double now_s_ = 0;
};

}  // namespace sim
