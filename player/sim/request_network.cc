#include "player/sim/request_network.h"

#include <algorithm>

namespace sim {

RequestNetwork::RequestNetwork(std::span<const media::TracePeriod> periods, double latency_scale)
    : periods_(periods), latency_scale_(latency_scale) {
  if (!periods_.empty()) left_s_ = periods_[0].duration_s;
}

void RequestNetwork::next_period() {
  index_ = index_ + 1 == periods_.size() ? 0 : index_ + 1;
  left_s_ = periods_[index_].duration_s;
}

double RequestNetwork::request_latency() {
  if (periods_.empty()) return 0;
  double units = 1;  // fraction of a latency still to wait
  double total_s = 0;
  // Bounded: each pass over the periods either finishes or moves on; a
  // trace with no latency anywhere finishes in the first period.
  for (size_t guard = 0; units > 0 && guard < 4 * periods_.size() + 4; ++guard) {
    const double latency = latency_s();
    const double wait_s = units * latency;
    if (wait_s <= left_s_) {
      left_s_ -= wait_s;
      total_s += wait_s;
      units = 0;
    } else {
      total_s += left_s_;
      units -= left_s_ / latency;
      next_period();
    }
  }
  now_s_ += total_s;
  return total_s;
}

TransferStep RequestNetwork::transfer(double bytes, double max_s) {
  TransferStep step;
  if (periods_.empty()) return step;
  while (step.bytes < bytes && step.duration_s < max_s) {
    const double rate_bytes_per_s = periods_[index_].rate_bps / 8;
    const double budget_s = std::min(left_s_, max_s - step.duration_s);
    const double need_s = rate_bytes_per_s > 0 ? (bytes - step.bytes) / rate_bytes_per_s : budget_s + 1;
    if (need_s <= budget_s) {
      step.duration_s += need_s;
      left_s_ -= need_s;
      step.bytes = bytes;
      break;
    }
    step.bytes += budget_s * rate_bytes_per_s;
    step.duration_s += budget_s;
    left_s_ -= budget_s;
    if (left_s_ <= 0) next_period();
  }
  now_s_ += step.duration_s;
  return step;
}

void RequestNetwork::idle(double duration_s) {
  if (periods_.empty()) return;
  while (duration_s > left_s_) {
    duration_s -= left_s_;
    now_s_ += left_s_;
    next_period();
  }
  left_s_ -= duration_s;
  now_s_ += duration_s;
}

}  // namespace sim
