// Throughput estimators: values worked by hand, windows, zero-bias correction.
#include <gtest/gtest.h>

#include <cmath>

#include "player/abr/ewma_estimator.h"
#include "player/abr/robust_estimator.h"
#include "player/abr/window_estimators.h"

namespace abr {
namespace {

constexpr double kMbps = 1e6;

TEST(EwmaPair, FirstSampleIsReportedAsIs) {
  // Zero-bias correction: one sample of any duration gives exactly that sample.
  EwmaPairEstimator e;
  e.add_sample(1e6 / 8 * 3, 1.0);  // 3 Mbit/s for 1 s
  EXPECT_NEAR(e.estimate_bps(), 3 * kMbps, 1e-6);
}

TEST(EwmaPair, ReportsTheSmallerOfFastAndSlow) {
  // After a long fast period and a short slow one, the 3 s average has
  // already fallen more than the 8 s one: the estimate follows the fast average.
  EwmaPairEstimator e;
  e.add_sample(10 * kMbps / 8 * 20, 20);  // 10 Mbit/s for 20 s
  e.add_sample(1 * kMbps / 8 * 3, 3);     // 1 Mbit/s for 3 s
  // fast: half-life 3 s, the 3 s sample has weight 1/2 → about 5.5 Mbit/s;
  // slow: half-life 8 s → weight 1 − 0.5^(3/8) ≈ 0.229 → about 7.9 Mbit/s.
  const double fast_alpha = std::pow(0.5, 3.0 / 3), slow_alpha = std::pow(0.5, 3.0 / 8);
  const double fast = (fast_alpha * 10 * (1 - std::pow(0.5, 20.0 / 3)) + (1 - fast_alpha) * 1) / (1 - std::pow(0.5, 23.0 / 3));
  const double slow = (slow_alpha * 10 * (1 - std::pow(0.5, 20.0 / 8)) + (1 - slow_alpha) * 1) / (1 - std::pow(0.5, 23.0 / 8));
  EXPECT_LT(fast, slow);
  EXPECT_NEAR(e.estimate_bps(), fast * kMbps, 1e-3);
}

TEST(EwmaPair, IgnoresEmptyDurationsAndResets) {
  EwmaPairEstimator e;
  e.add_sample(1000, 0);
  EXPECT_EQ(e.estimate_bps(), 0);
  e.add_sample(1000, 1);
  EXPECT_GT(e.estimate_bps(), 0);
  e.reset();
  EXPECT_EQ(e.estimate_bps(), 0);
}

TEST(LatencyEstimator, SabresWeightsPerRequestAndTheLargerAverage) {
  LatencyEstimator e;
  e.add_sample(0.1, 3);
  EXPECT_NEAR(e.estimate_s(), 0.1, 1e-12);  // zero-bias corrected
  e.add_sample(0.3, 3);
  // Half-lives 3 s and 8 s of media: one 3 s request weighs 1/2 and 1 − 0.5^(3/8).
  auto average = [](double half_life) {
    const double a = std::pow(0.5, 3 / half_life);
    return (a * (1 - a) * 0.1 + (1 - a) * 0.3) / (1 - std::pow(0.5, 6 / half_life));
  };
  EXPECT_NEAR(e.estimate_s(), std::max(average(3), average(8)), 1e-12);
  LatencyEstimator unknown;
  unknown.add_sample(0.2, 0);  // unknown duration: still a sample
  EXPECT_NEAR(unknown.estimate_s(), 0.2, 1e-12);
}

TEST(SlidingHarmonicMean, TableOfWindows) {
  SlidingHarmonicMean h(3);
  EXPECT_EQ(h.estimate(), 0);
  h.add_rate(1);
  EXPECT_DOUBLE_EQ(h.estimate(), 1);
  h.add_rate(4);
  EXPECT_DOUBLE_EQ(h.estimate(), 2 / (1 + 0.25));  // 1.6
  h.add_rate(4);
  EXPECT_DOUBLE_EQ(h.estimate(), 3 / (1 + 0.25 + 0.25));  // 2
  h.add_rate(4);  // the 1 falls out of the window
  EXPECT_DOUBLE_EQ(h.estimate(), 4);
  h.add_rate(0);  // not a rate
  EXPECT_EQ(h.count(), 3u);
}

TEST(SlidingHarmonicMean, BitsPerSecondFromSamples) {
  SlidingHarmonicMean h(5);
  h.add_sample(125000, 1);  // 1 Mbit/s
  h.add_sample(125000, 0.5);  // 2 Mbit/s
  EXPECT_NEAR(h.estimate_bps(), 2 / (1 / 1e6 + 1 / 2e6), 1e-6);
}

TEST(SlidingWindowMean, SmallestMeanOverTheWindows) {
  SlidingWindowMean w({2, 4});
  for (double mbps : {8.0, 8.0, 2.0, 2.0}) w.add_sample(mbps * kMbps / 8, 1);
  // last 2: 2 Mbit/s; last 4: 5 Mbit/s → 2.
  EXPECT_NEAR(w.estimate_bps(), 2 * kMbps, 1e-6);
  w.add_sample(20 * kMbps / 8, 1);  // last 2: 11; last 4 (8, 2, 2, 20): 8 → 8
  EXPECT_NEAR(w.estimate_bps(), 8 * kMbps, 1e-6);
}

TEST(SlidingMin, SmallestOfTheLastSamples) {
  SlidingMin m(2);
  EXPECT_EQ(m.estimate_bps(), 0);
  m.add_sample(1e6 / 8, 1);
  m.add_sample(3e6 / 8, 1);
  EXPECT_NEAR(m.estimate_bps(), 1e6, 1e-6);
  m.add_sample(2e6 / 8, 1);  // the 1 Mbit/s sample falls out
  EXPECT_NEAR(m.estimate_bps(), 2e6, 1e-6);
}

TEST(ErrorDiscountedHarmonicMean, FirstSampleHasNoError) {
  ErrorDiscountedHarmonicMean e;
  e.add_rate(2);
  EXPECT_DOUBLE_EQ(e.harmonic(), 2);
  EXPECT_DOUBLE_EQ(e.max_error(), 0);
  EXPECT_DOUBLE_EQ(e.discounted(), 2);
}

TEST(ErrorDiscountedHarmonicMean, DividesByOnePlusTheLargestRecentError) {
  ErrorDiscountedHarmonicMean e(5);
  e.add_rate(2);  // prediction now 2
  e.add_rate(1);  // error |2 − 1| / 1 = 1; harmonic of {2, 1} = 4/3
  EXPECT_DOUBLE_EQ(e.max_error(), 1);
  EXPECT_DOUBLE_EQ(e.harmonic(), 2 / (0.5 + 1.0));
  EXPECT_DOUBLE_EQ(e.discounted(), e.harmonic() / 2);
  // An upward surprise counts too: |4/3 − 4| / 4 = 2/3, smaller than 1.
  e.add_rate(4);
  EXPECT_DOUBLE_EQ(e.max_error(), 1);
}

TEST(ErrorDiscountedHarmonicMean, ForgetsErrorsAfterTheWindow) {
  ErrorDiscountedHarmonicMean e(2);
  e.add_rate(2);
  e.add_rate(1);  // error 1
  e.add_rate(1);  // error |4/3 − 1| / 1 = 1/3 (window of rates {2,1} → {1,1})
  e.add_rate(1);  // error |1 − 1| = 0; the error 1 has left the window of 2
  EXPECT_NEAR(e.max_error(), 1.0 / 3, 1e-12);
  e.reset();
  EXPECT_EQ(e.discounted(), 0);
}

TEST(SampleWindow, KeepsTheNewestInOrder) {
  SampleWindow w(3);
  for (double v : {1.0, 2.0, 3.0, 4.0}) w.push(v);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0], 2);
  EXPECT_EQ(w[2], 4);
  EXPECT_EQ(w.newest(), 4);
}

}  // namespace
}  // namespace abr
