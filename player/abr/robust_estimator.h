// robustMPC's throughput prediction (Yin et al., SIGCOMM 2015; Pensieve's
// test/mpc.py): the harmonic mean Ĉ of the last 5 samples, divided by
// 1 + max(e) over the last 5 relative errors e = |Ĉ_prev − C| / C of the
// previous (undiscounted) prediction against each new sample. The first
// sample has error 0. Rates stay in the caller's unit (add_rate).
#pragma once

#include "player/abr/estimator.h"
#include "player/abr/window_estimators.h"

namespace abr {

class ErrorDiscountedHarmonicMean : public ThroughputEstimator {
 public:
  explicit ErrorDiscountedHarmonicMean(size_t window = 5) : mean_(window), errors_(window) {}
  void add_sample(double bytes, double duration_s) override;
  double estimate_bps() const override { return discounted(); }
  void reset() override;

  void add_rate(double rate);
  double harmonic() const { return mean_.estimate(); }
  double max_error() const;
  double discounted() const;  // harmonic() / (1 + max_error())

 private:
  SlidingHarmonicMean mean_;
  SampleWindow errors_;
  double last_prediction_ = 0;  // 0: none yet
};

}  // namespace abr
