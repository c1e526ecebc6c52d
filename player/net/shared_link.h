// The request model's link, shared by concurrent requests: a trace of periods
// (rate, latency) that wraps at its end. A request first waits one latency of
// the trace (consuming trace time, as sim::RequestNetwork does: a latency that
// outlasts its period continues at the next period's latency, in proportion),
// then its bytes flow; the flows active at a moment share the period's rate
// equally (processor sharing, what TCP flows through one bottleneck roughly
// do). Audio and video of one session, or several sessions, share one link.
// Pure: time comes in as arguments and never goes back. Not thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "media/net_trace.h"

namespace player {

class SharedLink {
 public:
  using FlowId = uint64_t;
  struct Completion {
    FlowId id;
    double t_s;  // when its last byte arrived
  };
  static constexpr double kNever = std::numeric_limits<double>::infinity();

  // requires: periods with a positive total duration.
  explicit SharedLink(std::span<const media::TracePeriod> periods, double latency_scale = 1);

  // When a request sent at `t_s` receives its first byte.
  double first_byte_s(double t_s) const;

  // A flow of `bytes` starts at `t_s` (the link first moves to `t_s`;
  // flows completing before it are appended to `done`).
  FlowId add(double t_s, double bytes, std::vector<Completion>& done);
  // Ends a flow early (cancelled); returns the bytes it had received.
  double remove(double t_s, FlowId id, std::vector<Completion>& done);
  // Moves the link to `t_s`, appending flows that complete on the way, in order.
  void advance(double t_s, std::vector<Completion>& done);

  // Bytes a flow has received as of the last move (0 for an unknown flow).
  double received(FlowId id) const;
  // When the next flow completes if none joins or leaves (kNever: no flow,
  // or the trace never delivers it).
  double next_completion_s() const;
  size_t active_flows() const { return flows_.size(); }
  double now_s() const { return now_s_; }
  // Bytes delivered to every flow since the start, for checks of the delivered rate.
  double delivered_bytes() const { return delivered_bytes_; }
  // When the last byte was delivered to any flow (0: none yet).
  double last_byte_s() const { return last_byte_s_; }
  // Bytes the trace could carry from `from_s` to `to_s`: the denominator of
  // the link's utilisation.
  double capacity_bytes(double from_s, double to_s) const;

 private:
  struct Flow {
    FlowId id;
    double remaining_bytes;
    double received_bytes;
  };
  struct Cursor {
    size_t index = 0;     // period
    double end_s = 0;     // absolute time the period ends
  };
  void complete_crumbs(std::vector<Completion>& done);
  Cursor locate(double t_s) const;
  Cursor next(Cursor c) const;
  double rate_bytes_per_s(const Cursor& c) const { return periods_[c.index].rate_bps / 8; }

  std::span<const media::TracePeriod> periods_;
  std::vector<double> ends_s_;  // cumulative period ends within one pass
  double cycle_s_ = 0;
  double latency_scale_;
  double now_s_ = 0;
  Cursor cursor_;
  std::vector<Flow> flows_;
  FlowId next_id_ = 1;
  double delivered_bytes_ = 0;
  double last_byte_s_ = 0;
};

}  // namespace player
