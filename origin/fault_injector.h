// Seeded, reproducible faults for chaos tests: a share of segment requests
// fails with 503, has its connection cut mid-body, or pauses mid-body. The
// decision for a request depends only on the seed, the request (path and
// range) and how many times that request was seen before — not on thread
// timing — so a rerun with the same seed and requests sees the same faults.
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace origin {

struct FaultOptions {
  double fail_rate = 0;   // share of requests answered 503
  double drop_rate = 0;   // share whose connection is cut mid-body
  double stall_rate = 0;  // share whose body pauses
  double stall_s = 3;     // length of a pause
  double after_s = 0;     // faults start this long after the origin (a pathway that starts failing)
  uint64_t seed = 1;
  bool any() const { return fail_rate > 0 || drop_rate > 0 || stall_rate > 0; }
};

struct FaultPlan {
  bool fail = false;
  bool drop = false;
  bool stall = false;
  double at_fraction = 0.5;  // where in the body the drop or stall happens
};

class FaultInjector {
 public:
  explicit FaultInjector(FaultOptions options) : options_(options) {}
  FaultPlan plan(const std::string& path, const std::string& range);
  const FaultOptions& options() const { return options_; }

 private:
  FaultOptions options_;
  std::mutex mutex_;  // guards seen_
  std::unordered_map<std::string, uint64_t> seen_;
};

}  // namespace origin
