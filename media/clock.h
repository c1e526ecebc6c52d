// Time as streaming code reads it: seconds on a monotonic clock, a sleep
// until a moment, and a wake-up that ends a sleep early. SteadyClock is real
// time; ManualClock is virtual time that moves only when told to (tests, the
// simulator), so timing logic is tested without sleeping. The player's
// session, the origin's shaper and the packager's progress read time through
// this one interface.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace media {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the clock's epoch; never decreases.
  virtual double now_s() const = 0;
  // Returns once now_s() ≥ deadline_s or wake() was called (whichever comes
  // first). A wake() with nobody sleeping ends the next sleep at once.
  virtual void sleep_until(double deadline_s) = 0;
  // Ends the current (or next) sleep_until early. Thread-safe.
  virtual void wake() = 0;
  // True for virtual time: a sleep jumps ahead at once, so no other thread
  // can wake a sleeper and an event loop with nothing to do is finished.
  virtual bool manual() const { return false; }
};

// Real time: std::chrono::steady_clock, epoch at construction. Thread-safe.
class SteadyClock final : public Clock {
 public:
  SteadyClock() : epoch_(std::chrono::steady_clock::now()) {}
  double now_s() const override;
  void sleep_until(double deadline_s) override;
  void wake() override;

 private:
  const std::chrono::steady_clock::time_point epoch_;
  std::mutex mutex_;  // guards woken_
  std::condition_variable cv_;
  bool woken_ = false;
};

// Virtual time: sleep_until jumps straight to the deadline. Thread-safe reads;
// one thread should drive it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(double start_s = 0) : now_s_(start_s) {}
  double now_s() const override { return now_s_.load(std::memory_order_relaxed); }
  void sleep_until(double deadline_s) override { set(deadline_s); }
  void wake() override {}
  bool manual() const override { return true; }
  // Moves time forward (never back).
  void advance(double seconds) { set(now_s() + seconds); }
  void set(double t_s);

 private:
  std::atomic<double> now_s_;
};

// Seconds on a process-wide steady clock, for code that only needs a reading.
double steady_now_s();

}  // namespace media
