// The reference network walk on hand-made samples (values worked out by hand
// from Pensieve's rules: bytes/s = Mbit/s · 10^6 / 8 · 0.95).
#include "player/sim/reference_network.h"

#include <gtest/gtest.h>

#include <vector>

namespace sim {
namespace {

// Sample 1 delivers 237,500 B in its second, sample 2 475,000 B in its.
const std::vector<media::CookedSample> kSamples = {{0, 1}, {1, 2}, {2, 4}};
constexpr double kNetworkTolerance = 1e-12;

TEST(ReferenceNetwork, UsesOnlyTheFractionOfTheLastSampleNeeded) {
  ReferenceNetwork net(kSamples);
  EXPECT_NEAR(*net.download(100000), 100000.0 / 250000 / 0.95, kNetworkTolerance);
  // The rest of sample 1 (137,500 B), then 100,000 B of sample 2.
  EXPECT_NEAR(*net.download(237500), (1 - 100000.0 / 250000 / 0.95) + 100000.0 / 500000 / 0.95, kNetworkTolerance);
}

TEST(ReferenceNetwork, WrapsToSampleOneWithTimeZero) {
  ReferenceNetwork net(kSamples);
  // One pass delivers 712,500 B in 2 s; after the wrap sample 1 lasts
  // t_1 − 0 = 1 s again. Exactly filling sample 1 does not end the download
  // there (the reference's test is "sent + payload > size").
  EXPECT_NEAR(*net.download(950000), 3.0, kNetworkTolerance);
}

TEST(ReferenceNetwork, SleepWalksTheTraceWithoutDelivering) {
  ReferenceNetwork net(kSamples);
  net.sleep(1500);  // all of sample 1, half of sample 2
  // Half of sample 2 delivers 237,500 B; the reference then wraps and takes
  // the remaining 0 B from sample 1.
  EXPECT_NEAR(*net.download(237500), 0.5, kNetworkTolerance);
}

TEST(ReferenceNetwork, ADeadTraceIsReportedNotLoopedOn) {
  const std::vector<media::CookedSample> dead = {{0, 0}, {1, 0}, {2, 0}};
  ReferenceNetwork net(dead);
  EXPECT_FALSE(net.download(1000).has_value());
  net.sleep(5000);  // must return
}

TEST(ReferenceNetwork, NonCookedTracesBecomeCumulativeSamples) {
  media::NetworkTrace trace;
  trace.format = media::TraceFormat::kSabreJson;
  trace.periods = {{2, 3e6, 20}, {1, 5e6, 20}};
  const auto samples = reference_samples(trace);
  ASSERT_EQ(samples.size(), 3u);
  EXPECT_EQ(samples[1], (media::CookedSample{2, 3}));
  EXPECT_EQ(samples[2], (media::CookedSample{3, 5}));
}

}  // namespace
}  // namespace sim
