#include "media/clock.h"

#include <cmath>

namespace media {

double SteadyClock::now_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_).count();
}

void SteadyClock::sleep_until(double deadline_s) {
  std::unique_lock lock(mutex_);
  if (std::isinf(deadline_s)) {
    cv_.wait(lock, [&] { return woken_; });
  } else {
    const auto deadline = epoch_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                       std::chrono::duration<double>(std::max(0.0, deadline_s)));
    cv_.wait_until(lock, deadline, [&] { return woken_; });
  }
  woken_ = false;
}

void SteadyClock::wake() {
  {
    std::scoped_lock lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

void ManualClock::set(double t_s) {
  // One thread drives the clock, so a plain load and store suffice.
  if (t_s > now_s_.load(std::memory_order_relaxed)) now_s_.store(t_s, std::memory_order_relaxed);
}

double steady_now_s() {
  // No static clock object: destructors of other statics (the exec program
  // pool) still read the time at exit, after such an object would be gone.
  static const auto epoch = std::chrono::steady_clock::now();  // trivially destructible
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch).count();
}

}  // namespace media
