// Chooses which BaseURL to fetch from. Without content steering: the one with
// the best measured throughput among those not recently failed; the MPD order
// breaks ties and is used until measurements exist. With a steering order
// (the steering server's PATHWAY-PRIORITY): the first of that order not
// recently failed, the BaseURLs it leaves out only when all it names are
// failing. Thread-safe: both streams of a session share one selector.
#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

namespace player {

class BaseUrlSelector {
 public:
  // `count` BaseURLs in MPD order; a failed one is avoided for `cooldown_s`.
  explicit BaseUrlSelector(size_t count, double cooldown_s = 10.0);

  // Index to use at time `now_s`. When every BaseURL is cooling down, the one
  // whose cooldown ends first.
  size_t choose(double now_s) const;
  // Index to try after `failed` failed, skipping cooling ones when possible.
  size_t next_after(size_t failed, double now_s) const;

  void report_success(size_t index, double throughput_bps);
  void report_failure(size_t index, double now_s);
  // EWMA throughput of `index` (0 while unmeasured).
  double throughput_bps(size_t index) const;

  // The steering order (indices, best first); empty: back to the
  // throughput-ordered choice (no steering, or the server is unreachable).
  void set_steering(std::vector<size_t> order);

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    double throughput_bps = 0;  // EWMA of successful downloads; 0 = unmeasured
    double avoid_until_s = -1;
  };
  static constexpr double kEwmaWeight = 0.3;  // weight of the newest sample

  mutable std::mutex mutex_;  // guards entries_, steering_
  std::vector<Entry> entries_;
  std::vector<size_t> steering_;
  double cooldown_s_;
};

}  // namespace player
