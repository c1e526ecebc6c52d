#include "player/abr/ewma_estimator.h"

#include <algorithm>
#include <cmath>

namespace abr {

EwmaPairEstimator::EwmaPairEstimator(EwmaPairOptions options) : options_(options) {}

void EwmaPairEstimator::add_sample(double bytes, double duration_s) {
  if (!(duration_s > 0) || !(bytes >= 0)) return;
  const double sample_bps = bytes * 8 / duration_s;
  const std::array<double, 2> half_lives = {options_.fast_half_life_s, options_.slow_half_life_s};
  total_s_ += duration_s;
  double estimate = 0;
  for (size_t i = 0; i < 2; ++i) {
    const double alpha = std::pow(0.5, duration_s / half_lives[i]);
    average_bps_[i] = alpha * average_bps_[i] + (1 - alpha) * sample_bps;
    const double zero_bias = 1 - std::pow(0.5, total_s_ / half_lives[i]);
    const double corrected = average_bps_[i] / zero_bias;
    estimate = i == 0 ? corrected : std::min(estimate, corrected);
  }
  estimate_bps_ = estimate;
}

void EwmaPairEstimator::reset() {
  average_bps_ = {};
  total_s_ = 0;
  estimate_bps_ = 0;
}

void LatencyEstimator::add_sample(double latency_s, double segment_duration_s) {
  if (!(latency_s >= 0)) return;
  const double weight = segment_duration_s > 0 ? segment_duration_s : kUnknownSegmentS;
  const std::array<double, 2> half_lives = {options_.fast_half_life_s, options_.slow_half_life_s};
  total_media_s_ += weight;
  double estimate = 0;
  for (size_t i = 0; i < 2; ++i) {
    const double alpha = std::pow(0.5, weight / half_lives[i]);
    average_s_[i] = alpha * average_s_[i] + (1 - alpha) * latency_s;
    const double corrected = average_s_[i] / (1 - std::pow(0.5, total_media_s_ / half_lives[i]));
    estimate = std::max(estimate, corrected);
  }
  estimate_s_ = estimate;
}

}  // namespace abr
