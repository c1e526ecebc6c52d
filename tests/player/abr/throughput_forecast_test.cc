// smpc's forecast: the point prediction, the latency kept apart, the error
// scale learned from the session, and the scenarios it gives the planner.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "context_builder.h"
#include "player/abr/throughput_forecast.h"

namespace abr {
namespace {

using testing::download;

TEST(ThroughputForecast, PredictsTheGeometricMeanOfHarmonicMeanAndLastRate) {
  ThroughputForecast f;
  EXPECT_EQ(f.rate_bytes_per_s(), 0);
  for (double mbps : {8.0, 8.0, 8.0, 8.0, 32.0}) f.observe(download(1, mbps * 1e6, 2));
  // harmonic mean of 1, 1, 1, 1, 4 MB/s = 5 / 4.25; last 4 MB/s.
  EXPECT_NEAR(f.rate_bytes_per_s(), std::sqrt(5 / 4.25 * 4) * 1e6, 1);
  EXPECT_DOUBLE_EQ(f.latency_s(), 0.08);  // download() sets the reference's round trip
}

TEST(ThroughputForecast, LearnsTheErrorScaleFromTheSession) {
  ThroughputForecast steady, volatile_link;
  const double start = steady.error_scale();
  for (int i = 0; i < 40; ++i) {
    steady.observe(download(1, 4e6, 2));
    volatile_link.observe(download(1, i % 2 ? 1e6 : 8e6, 2));
  }
  EXPECT_LT(steady.error_scale(), start / 5);  // a steady link narrows the distribution
  EXPECT_GT(volatile_link.error_scale(), 1);     // 8x swings widen it (|ln 8| ≈ 2 at every other step)
}

TEST(ThroughputForecast, AbandonedDownloadsAreNotSamples) {
  ThroughputForecast f;
  f.observe(download(1, 4e6, 2));
  SegmentResult cut = download(1, 0.1e6, 2);
  cut.abandoned = true;
  f.observe(cut);
  EXPECT_NEAR(f.rate_bytes_per_s(), 0.5e6, 1);
}

TEST(ThroughputForecast, ScenariosWidenWithTheStepAndKeepAFloor) {
  ThroughputForecast f;
  for (int i = 0; i < 5; ++i) f.observe(download(1, 4e6, 2));
  for (int i = 0; i < 5; ++i) f.observe(download(1, i % 2 ? 2e6 : 6e6, 2));
  const auto weights = ThroughputForecast::scenario_weights();
  ASSERT_EQ(weights.size(), ThroughputForecast::kScenarios);
  EXPECT_NEAR(std::accumulate(weights.begin(), weights.end(), 0.0), 1, 1e-12);
  std::vector<double> rates;
  f.scenario_rates(4, rates);
  ASSERT_EQ(rates.size(), 4 * ThroughputForecast::kScenarios);
  const double p = f.rate_bytes_per_s();
  const size_t k = ThroughputForecast::kScenarios;
  for (size_t i = 0; i < 4; ++i)
    for (size_t j = 0; j < k; ++j) {
      EXPECT_GE(rates[i * k + j], 0.2 * p - 1e-9);
      if (j > 0) {
        EXPECT_GE(rates[i * k + j], rates[i * k + j - 1]);  // scenarios in rising order
      }
    }
  // The fastest scenario of step 4 is twice as far from p in log terms as step 1's (√4 = 2).
  EXPECT_NEAR(std::log(rates[3 * k + k - 1] / p), 2 * std::log(rates[k - 1] / p), 1e-9);
}

}  // namespace
}  // namespace abr
