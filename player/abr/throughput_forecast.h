// smpc's throughput forecast: a point prediction of the next downloads'
// transfer rate and a distribution of its error, both from the session's own
// downloads (transfer time only; the request latency is predicted apart).
//
// - Point prediction p: the geometric mean of the harmonic mean of the last 5
//   rates and the last rate. On the shared traces throughput is persistent
//   (the last rate alone predicts the next best on average) but noisy (the
//   harmonic mean damps single outliers); the blend is about as good as the
//   last rate on average and has the lighter lower tail.
// - Error: log(actual / p) = σ·z. The scale σ is learned online as an
//   exponentially weighted mean of |log error| (weight 0.1 per download, about
//   a 7-download half-life; 0.15 before the first error, the middle of the
//   shared traces' values), so a volatile link widens the distribution and a
//   steady one narrows it, as Oboe adapts its margin to the link. The shape z
//   is fixed: 12 points with weights, the means of 12 quantile bins of the
//   standardised errors measured on the even half of pensieve-train
//   (scripts/abr-error-shape.py, on an earlier version of this planner that
//   priced stalls twice; measured again on smpc itself the bins move by at
//   most 0.9 in the far lower tail and QoE_lin by less than 0.005 on either
//   half). It is skewed, with a long lower tail: one download in a hundred
//   comes in at e^(−9σ) of the prediction.
// - Horizon: the error of a prediction k downloads ahead grows like √k (a
//   random walk of the link rate), and no scenario is slower than 1/5 of p:
//   the shape's far tail, compounded over many steps, would otherwise
//   describe links that deliver nothing, against which no plan helps.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "player/abr/types.h"
#include "player/abr/window_estimators.h"

namespace abr {

class ThroughputForecast {
 public:
  static constexpr size_t kScenarios = 12;

  ThroughputForecast();
  void observe(const SegmentResult& result);

  // The point prediction p in bytes/s (0 before the first download).
  double rate_bytes_per_s() const;
  // The mean of the last 5 request latencies (0 before any).
  double latency_s() const;
  // σ: the typical |log(actual / predicted)|.
  double error_scale() const { return error_scale_; }
  // Transfer rates of the next `steps` downloads under each scenario:
  // [steps][kScenarios], bytes/s. requires: rate_bytes_per_s() > 0.
  void scenario_rates(size_t steps, std::vector<double>& rates) const;
  // The probability of each scenario (they sum to 1).
  static std::span<const double> scenario_weights();

 private:
  SlidingHarmonicMean rates_;  // bytes/s
  SampleWindow latencies_;
  double last_rate_ = 0;
  double last_prediction_ = 0;
  double error_scale_;
};

}  // namespace abr
