// Throughput estimators: separate objects that turn download samples into a
// prediction, so that decision rules can be combined with any of them.
// Not thread-safe; each algorithm owns its estimators.
#pragma once

namespace abr {

class ThroughputEstimator {
 public:
  virtual ~ThroughputEstimator() = default;
  // One download: `bytes` delivered in `duration_s` (> 0).
  virtual void add_sample(double bytes, double duration_s) = 0;
  // The prediction in bit/s; 0 until the first sample.
  virtual double estimate_bps() const = 0;
  virtual void reset() = 0;
};

}  // namespace abr
