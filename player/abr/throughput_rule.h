// The throughput rule of dash.js / Sabre: the highest rung that downloads in
// one segment duration at safety_factor × the EWMA-pair estimate (request
// latency counted as dead time), bounded by the insufficient-buffer cap once
// playback has started, and the lowest rung while stalled. Abandons a
// download that would take longer than 1.8 segment durations (Sabre).
#pragma once

#include "player/abr/algorithm.h"
#include "player/abr/ewma_estimator.h"

namespace abr {

struct ThroughputRuleOptions {
  double safety_factor = 0.9;       // dash.js / Sabre: trust 90% of the estimate
  double abandon_multiplier = 1.8;  // abandon when the download would exceed this × segment duration
  double abandon_grace_s = 0.5;     // never judge a download younger than this
  bool insufficient_buffer_cap = true;
  // Sabre's insufficient-buffer factor: 0.9 at first, × 0.9 per decision,
  // down to dash.js's 0.5 (early decisions rest on fewer samples, yet a
  // factor of 0.5 from the start would pin the first segments very low).
  double buffer_factor_initial = 0.9;
  double buffer_factor_floor = 0.5;
};

class ThroughputRule : public AbrAlgorithm {
 public:
  explicit ThroughputRule(ThroughputRuleOptions options = {}) : options_(options) {}
  std::string_view name() const override { return "throughput"; }
  void observe(const SegmentResult& result) override;
  Decision choose(const AbrContext& context) override;
  std::optional<size_t> should_abandon(const DownloadProgress& progress, const AbrContext& context) override;
  double estimate_bps() const override { return throughput_.estimate_bps(); }
  double latency_s() const { return latency_.estimate_s(); }

 private:
  ThroughputRuleOptions options_;
  EwmaPairEstimator throughput_;
  LatencyEstimator latency_;
  double buffer_factor_ = -1;  // < 0: not started
};

}  // namespace abr
