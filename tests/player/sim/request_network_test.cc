#include "player/sim/request_network.h"

#include <gtest/gtest.h>

#include <vector>

namespace sim {
namespace {

constexpr double kRequestNetworkTolerance = 1e-12;

TEST(RequestNetwork, LatencyThenTransferConsumeTraceTime) {
  const std::vector<media::TracePeriod> periods = {{1, 8e6, 100}, {1, 16e6, 200}};
  RequestNetwork net(periods);
  EXPECT_NEAR(net.request_latency(), 0.1, kRequestNetworkTolerance);
  // 0.9 s at 1 MB/s, then 100 kB at 2 MB/s.
  const auto step = net.transfer(1e6, 10);
  EXPECT_NEAR(step.bytes, 1e6, 1e-6);
  EXPECT_NEAR(step.duration_s, 0.95, kRequestNetworkTolerance);
  EXPECT_NEAR(net.request_latency(), 0.2, kRequestNetworkTolerance);  // now in the second period
  EXPECT_NEAR(net.now_s(), 1.25, kRequestNetworkTolerance);
}

TEST(RequestNetwork, ALatencyThatOutlastsItsPeriodContinuesInProportion) {
  const std::vector<media::TracePeriod> periods = {{0.05, 8e6, 100}, {1, 8e6, 200}};
  RequestNetwork net(periods);
  // Half of the 100 ms latency fits; the other half costs half of 200 ms.
  EXPECT_NEAR(net.request_latency(), 0.15, kRequestNetworkTolerance);
}

TEST(RequestNetwork, TransferStopsAtItsTimeBudget) {
  const std::vector<media::TracePeriod> periods = {{10, 8e6, 0}};
  RequestNetwork net(periods);
  const auto step = net.transfer(5e6, 0.25);
  EXPECT_NEAR(step.duration_s, 0.25, kRequestNetworkTolerance);
  EXPECT_NEAR(step.bytes, 250000, 1e-6);
}

TEST(RequestNetwork, IdleAndTransferWrapAround) {
  const std::vector<media::TracePeriod> periods = {{1, 8e6, 0}, {1, 16e6, 0}};
  RequestNetwork net(periods);
  net.idle(2.5);  // into the first period's second pass
  const auto step = net.transfer(1e6, 10);  // 0.5 s at 1 MB/s, then 0.25 s at 2 MB/s
  EXPECT_NEAR(step.duration_s, 0.75, kRequestNetworkTolerance);
  EXPECT_NEAR(net.now_s(), 3.25, kRequestNetworkTolerance);
}

TEST(RequestNetwork, ZeroRatePeriodsDeliverNothingButPassTime) {
  const std::vector<media::TracePeriod> periods = {{1, 0, 0}, {1, 8e6, 0}};
  RequestNetwork net(periods);
  const auto step = net.transfer(500000, 10);
  EXPECT_NEAR(step.duration_s, 1.5, kRequestNetworkTolerance);
}

}  // namespace
}  // namespace sim
