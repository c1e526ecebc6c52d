#include "player/sim/link_check.h"

#include <algorithm>
#include <cmath>

namespace sim {
namespace {

// Bits the trace carries from time 0 to t (wrapping), in O(log periods).
class TraceIntegral {
 public:
  explicit TraceIntegral(const media::NetworkTrace& trace) : periods_(trace.periods) {
    for (const auto& p : periods_) {
      cycle_s_ += p.duration_s;
      cycle_bits_ += p.rate_bps * p.duration_s;
      ends_s_.push_back(cycle_s_);
      bits_before_end_.push_back(cycle_bits_);
    }
  }

  double bits_until(double t_s) const {
    if (cycle_s_ <= 0 || t_s <= 0) return 0;
    const double cycles = std::floor(t_s / cycle_s_);
    const double in_cycle = t_s - cycles * cycle_s_;
    const size_t i = std::min<size_t>(std::upper_bound(ends_s_.begin(), ends_s_.end(), in_cycle) - ends_s_.begin(),
                                      periods_.size() - 1);
    const double period_start_s = i > 0 ? ends_s_[i - 1] : 0;
    const double bits_before = i > 0 ? bits_before_end_[i - 1] : 0;
    return cycles * cycle_bits_ + bits_before + periods_[i].rate_bps * (in_cycle - period_start_s);
  }

 private:
  std::vector<media::TracePeriod> periods_;
  std::vector<double> ends_s_, bits_before_end_;
  double cycle_s_ = 0, cycle_bits_ = 0;
};

}  // namespace

LinkCheck check_link(std::vector<Transfer> transfers, const media::NetworkTrace& trace) {
  LinkCheck check;
  for (auto& t : transfers) {
    check.bytes += t.bytes;
    // The origin holds every response back by the trace's latency first.
    t.start_s = std::min(t.end_s, t.start_s + trace.period_at(t.start_s).latency_ms / 1000);
  }
  std::sort(transfers.begin(), transfers.end(), [](const Transfer& a, const Transfer& b) { return a.start_s < b.start_s; });
  const TraceIntegral integral(trace);
  auto add_busy = [&](double from_s, double to_s) {
    check.busy_s += to_s - from_s;
    check.trace_bytes += (integral.bits_until(to_s) - integral.bits_until(from_s)) / 8;
  };
  // Merge overlapping transfers into busy intervals.
  double from_s = 0, to_s = -1;
  for (const auto& t : transfers) {
    if (t.start_s > to_s) {
      if (to_s > from_s) add_busy(from_s, to_s);
      from_s = t.start_s;
      to_s = t.end_s;
    } else {
      to_s = std::max(to_s, t.end_s);
    }
  }
  if (to_s > from_s) add_busy(from_s, to_s);
  return check;
}

}  // namespace sim
