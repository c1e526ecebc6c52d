// The EWMA pair of dash.js and Sabre (Spiteri et al., MMSys 2018): two
// exponentially weighted moving averages of throughput whose weights decay
// with download time (half-lives 3 s and 8 s by default), each divided by
// its zero-bias correction 1 − 0.5^(total time / half-life) so that the first
// samples are not pulled towards 0, reporting the smaller (more careful) one.
#pragma once

#include <array>

#include "player/abr/estimator.h"

namespace abr {

struct EwmaPairOptions {
  double fast_half_life_s = 3;  // reacts to drops within a few segments
  double slow_half_life_s = 8;  // remembers a longer history
};

class EwmaPairEstimator : public ThroughputEstimator {
 public:
  explicit EwmaPairEstimator(EwmaPairOptions options = {});
  void add_sample(double bytes, double duration_s) override;
  double estimate_bps() const override { return estimate_bps_; }
  void reset() override;

 private:
  EwmaPairOptions options_;
  std::array<double, 2> average_bps_{};
  double total_s_ = 0;
  double estimate_bps_ = 0;
};

// Request latency (time to first byte) averaged per request with half-lives
// in requests, reporting the larger of two averages (as Sabre does).
class LatencyEstimator {
 public:
  void add_sample(double latency_s);
  double estimate_s() const { return estimate_s_; }

 private:
  static constexpr std::array<double, 2> kHalfLivesRequests = {2, 4};
  std::array<double, 2> average_s_{};
  int count_ = 0;
  double estimate_s_ = 0;
};

}  // namespace abr
