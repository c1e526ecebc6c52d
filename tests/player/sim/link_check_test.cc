// The delivered-rate check of emulated sessions against their trace.
#include "player/sim/link_check.h"

#include <gtest/gtest.h>

namespace sim {
namespace {

media::NetworkTrace trace_of(std::vector<media::TracePeriod> periods) {
  media::NetworkTrace t;
  t.format = media::TraceFormat::kSabreJson;
  t.periods = std::move(periods);
  return t;
}

const media::NetworkTrace kOneMbit = trace_of({{10, 1e6, 0}});

TEST(LinkCheck, ATransferAtTheTraceRateHasRatioOne) {
  const LinkCheck c = check_link({{0, 1, 125000}}, kOneMbit);
  EXPECT_DOUBLE_EQ(c.bytes, 125000);
  EXPECT_DOUBLE_EQ(c.busy_s, 1);
  EXPECT_DOUBLE_EQ(c.trace_bytes, 125000);
  EXPECT_DOUBLE_EQ(c.ratio(), 1);
  EXPECT_DOUBLE_EQ(c.delivered_bps(), 1e6);
  EXPECT_DOUBLE_EQ(c.trace_bps(), 1e6);
}

TEST(LinkCheck, ConcurrentTransfersShareTheLinkAndIdleTimeIsLeftOut) {
  // Video and audio at once over [0, 1], then one more after 2 s idle.
  const LinkCheck c = check_link({{3, 4, 125000}, {0, 1, 100000}, {0.5, 1, 25000}}, kOneMbit);
  EXPECT_DOUBLE_EQ(c.busy_s, 2);
  EXPECT_DOUBLE_EQ(c.ratio(), 1);
}

TEST(LinkCheck, FollowsThePeriodsAndWrapsAtTheEnd) {
  // 1 s at 8 Mbit/s, 1 s at 0, repeating: [2.5, 3.5] is 0.5 s of each.
  const auto trace = trace_of({{1, 8e6, 0}, {1, 0, 0}});
  const LinkCheck c = check_link({{2.5, 3.5, 500000}}, trace);
  EXPECT_DOUBLE_EQ(c.trace_bytes, 500000);
  EXPECT_DOUBLE_EQ(c.ratio(), 1);
  // Many cycles later the same.
  EXPECT_DOUBLE_EQ(check_link({{1000.5, 1001.5, 500000}}, trace).trace_bytes, 500000);
}

TEST(LinkCheck, TheTracesLatencyIsNotLinkTime) {
  const LinkCheck c = check_link({{0, 1.1, 125000}}, trace_of({{10, 1e6, 100}}));
  EXPECT_NEAR(c.busy_s, 1, 1e-12);
  EXPECT_NEAR(c.ratio(), 1, 1e-12);
}

TEST(LinkCheck, TooFastAndTooSlowShowInTheRatio) {
  EXPECT_DOUBLE_EQ(check_link({{0, 1, 250000}}, kOneMbit).ratio(), 2);
  EXPECT_DOUBLE_EQ(check_link({{0, 2, 125000}}, kOneMbit).ratio(), 0.5);
  EXPECT_DOUBLE_EQ(check_link({}, kOneMbit).ratio(), 0);  // nothing to check
}

}  // namespace
}  // namespace sim
