#include "player/sim/network_walk.h"

#include <algorithm>

namespace sim {

NetworkWalk::NetworkWalk(const std::vector<media::TracePeriod>& periods) : periods_(periods) {
  left_s_ = periods_.front().duration_s;
}

void NetworkWalk::next_period() {
  index_ = (index_ + 1) % periods_.size();
  left_s_ = periods_[index_].duration_s;
}

void NetworkWalk::idle(double seconds) {
  while (seconds > left_s_) {
    seconds -= left_s_;
    now_s_ += left_s_;
    next_period();
  }
  left_s_ -= seconds;
  now_s_ += seconds;
}

double NetworkWalk::latency() {
  double units = 1;  // fraction of a latency still to wait
  double total = 0;
  while (units > 0) {
    const double latency_s = periods_[index_].latency_ms / 1000;
    const double need = units * latency_s;
    if (need <= left_s_) {
      left_s_ -= need;
      now_s_ += need;
      total += need;
      break;
    }
    total += left_s_;
    now_s_ += left_s_;
    units -= left_s_ / latency_s;
    next_period();
  }
  return total;
}

NetworkWalk::Transfer NetworkWalk::transfer(double bytes, double max_seconds) {
  Transfer done;
  while (done.bytes < bytes && done.seconds < max_seconds) {
    const double rate = periods_[index_].rate_bps / 8;  // bytes/s
    const double window = std::min(left_s_, max_seconds - done.seconds);
    const double want = bytes - done.bytes;
    if (rate > 0 && want <= window * rate) {
      const double s = want / rate;
      done.bytes = bytes;
      done.seconds += s;
      left_s_ -= s;
      now_s_ += s;
      break;
    }
    done.bytes += window * rate;
    done.seconds += window;
    now_s_ += window;
    left_s_ -= window;
    if (left_s_ <= 0) next_period();
  }
  return done;
}

}  // namespace sim
