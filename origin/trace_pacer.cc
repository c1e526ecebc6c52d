#include "origin/trace_pacer.h"

#include <algorithm>
#include <cmath>

namespace origin {

TracePacer::TracePacer(std::vector<media::TracePeriod> periods) : periods_(std::move(periods)) {
  for (const auto& p : periods_) {
    cycle_s_ += p.duration_s;
    ends_s_.push_back(cycle_s_);
    cycle_bytes_ += p.rate_bps / 8 * p.duration_s;
  }
}

TracePacer TracePacer::constant(double rate_bps, double latency_ms) {
  return TracePacer({{3600.0, rate_bps, latency_ms}});
}

size_t TracePacer::period_index(double t) const {
  auto it = std::upper_bound(ends_s_.begin(), ends_s_.end(), t);
  return std::min<size_t>(static_cast<size_t>(it - ends_s_.begin()), periods_.size() - 1);
}

double TracePacer::finish_time(double start_s, double bytes) const {
  if (bytes <= 0 || cycle_s_ <= 0 || cycle_bytes_ <= 0) return start_s;
  double cycle_start = std::floor(start_s / cycle_s_) * cycle_s_;
  double t = start_s;
  double remaining = bytes;
  // Whole cycles first, so a huge transfer over a short trace stays cheap.
  if (remaining > 2 * cycle_bytes_) {
    double whole = std::floor(remaining / cycle_bytes_) - 1;
    remaining -= whole * cycle_bytes_;
    t += whole * cycle_s_;
    cycle_start += whole * cycle_s_;
  }
  // Walk the periods by index from the one holding t: re-deriving the index
  // from t after each step can round back into the period just left and
  // never advance. Every step moves to the next period; a cycle delivers
  // cycle_bytes_ > 0, so this ends within a few cycles.
  size_t i = period_index(t - cycle_start);
  while (true) {
    const double end = cycle_start + ends_s_[i];
    const double rate = periods_[i].rate_bps / 8;  // bytes per second
    const double capacity = rate * std::max(0.0, end - t);
    if (rate > 0 && capacity >= remaining) return t + remaining / rate;
    remaining -= capacity;
    t = std::max(t, end);
    if (++i == periods_.size()) {
      i = 0;
      cycle_start += cycle_s_;
      t = std::max(t, cycle_start);
    }
  }
}

double TracePacer::latency_ms_at(double t_s) const {
  if (cycle_s_ <= 0) return 0;
  double in_cycle = std::fmod(std::max(0.0, t_s), cycle_s_);
  return periods_[period_index(in_cycle)].latency_ms;
}

double TracePacer::rate_bps_at(double t_s) const {
  if (cycle_s_ <= 0) return 0;
  double in_cycle = std::fmod(std::max(0.0, t_s), cycle_s_);
  return periods_[period_index(in_cycle)].rate_bps;
}

}  // namespace origin
