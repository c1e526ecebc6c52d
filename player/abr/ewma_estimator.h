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

// Request latency (time to first byte) as Sabre averages it: an EWMA pair
// whose weights decay per request by the request's segment duration against
// the same half-lives as throughput (3 s and 8 s of media; with 3 s segments
// that is 1 and 8/3 requests), zero-bias corrected, reporting the larger
// (more careful) of the two.
class LatencyEstimator {
 public:
  explicit LatencyEstimator(EwmaPairOptions options = {}) : options_(options) {}
  // `segment_duration_s` ≤ 0 (unknown) counts as kUnknownSegmentS.
  void add_sample(double latency_s, double segment_duration_s);
  double estimate_s() const { return estimate_s_; }

  static constexpr double kUnknownSegmentS = 4;  // Pensieve's and most players' order of magnitude

 private:
  EwmaPairOptions options_;
  std::array<double, 2> average_s_{};
  double total_media_s_ = 0;
  double estimate_s_ = 0;
};

}  // namespace abr
