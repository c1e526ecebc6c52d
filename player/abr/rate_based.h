// Rate-based adaptation as the reference runs define "RB": throughput sample
// = segment bytes × 8 / (round trip + transfer); prediction = harmonic mean of
// the last 5 samples; the highest rung not above the prediction, no safety
// factor; the lowest rung before any sample.
#pragma once

#include "player/abr/algorithm.h"
#include "player/abr/window_estimators.h"

namespace abr {

class RateBased : public AbrAlgorithm {
 public:
  explicit RateBased(size_t window = 5) : mean_(window) {}
  std::string_view name() const override { return "rb"; }
  void observe(const SegmentResult& result) override;
  Decision choose(const AbrContext& context) override;
  double estimate_bps() const override { return mean_.estimate_bps(); }

 private:
  SlidingHarmonicMean mean_;
};

}  // namespace abr
