#include "player/abr/throughput_forecast.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace abr {
namespace {

constexpr size_t kRateWindow = 5;
constexpr size_t kForecastLatencyWindow = 5;
constexpr double kErrorScaleStart = 0.15;
constexpr double kErrorScaleWeight = 0.1;
constexpr double kErrorScaleFloor = 0.02;  // a perfectly steady link still has some doubt
constexpr double kSlowestRatio = 0.2;

// The standardised error shape (see the header): bin means and bin weights.
constexpr std::array<double, ThroughputForecast::kScenarios> kShape = {
    -9.11, -4.23, -2.76, -1.94, -1.17, -0.45, -0.03, 0.24, 0.63, 1.12, 1.82, 4.39};
constexpr std::array<double, ThroughputForecast::kScenarios> kShapeWeight = {
    0.01, 0.02, 0.03, 0.04, 0.10, 0.15, 0.15, 0.15, 0.15, 0.10, 0.07, 0.03};

}  // namespace

ThroughputForecast::ThroughputForecast()
    : rates_(kRateWindow), latencies_(kForecastLatencyWindow), error_scale_(kErrorScaleStart) {}

void ThroughputForecast::observe(const SegmentResult& r) {
  if (r.ttfb_s >= 0) latencies_.push(r.ttfb_s);
  if (r.abandoned || !(r.download_s > 0) || !(r.size_bytes > 0)) return;
  const double rate = r.size_bytes / r.download_s;
  if (last_prediction_ > 0) {
    const double error = std::fabs(std::log(rate / last_prediction_));
    error_scale_ = std::max(kErrorScaleFloor, (1 - kErrorScaleWeight) * error_scale_ + kErrorScaleWeight * error);
  }
  rates_.add_rate(rate);
  last_rate_ = rate;
  last_prediction_ = rate_bytes_per_s();
}

double ThroughputForecast::rate_bytes_per_s() const {
  const double harmonic = rates_.estimate();
  return harmonic > 0 ? std::sqrt(harmonic * last_rate_) : 0;
}

double ThroughputForecast::latency_s() const {
  if (latencies_.size() == 0) return 0;
  double sum = 0;
  for (size_t i = 0; i < latencies_.size(); ++i) sum += latencies_[i];
  return sum / static_cast<double>(latencies_.size());
}

void ThroughputForecast::scenario_rates(size_t steps, std::vector<double>& rates) const {
  rates.resize(steps * kScenarios);
  const double p = rate_bytes_per_s();
  for (size_t i = 0; i < steps; ++i) {
    const double scale = error_scale_ * std::sqrt(static_cast<double>(i + 1));
    for (size_t j = 0; j < kScenarios; ++j)
      rates[i * kScenarios + j] = p * std::max(kSlowestRatio, std::exp(scale * kShape[j]));
  }
}

std::span<const double> ThroughputForecast::scenario_weights() { return kShapeWeight; }

}  // namespace abr
