#include "origin/trace_pacer.h"

#include <gtest/gtest.h>

namespace origin {
namespace {

// 8 Mbit/s (1 MB/s) for 2 s, then 800 kbit/s (100 kB/s) for 2 s, wrapping.
TracePacer stepped() { return TracePacer({{2.0, 8e6, 10}, {2.0, 0.8e6, 50}}); }

TEST(TracePacer, WithinOnePeriod) { EXPECT_DOUBLE_EQ(stepped().finish_time(0, 500'000), 0.5); }

TEST(TracePacer, AcrossPeriods) {
  // 1.5 MB from t=1: 1 MB by t=2, 0.2 MB in the slow period (t=2..4), the
  // last 0.3 MB in 0.3 s once the fast period returns.
  EXPECT_NEAR(stepped().finish_time(1.0, 1'500'000), 4.3, 1e-9);
}

TEST(TracePacer, WrapsAndSkipsWholeCycles) {
  // One cycle delivers 2 MB + 0.2 MB in 4 s; 22 MB from t=0 takes exactly 10 cycles.
  EXPECT_NEAR(stepped().finish_time(0, 22'000'000), 40.0, 1e-6);
  EXPECT_NEAR(stepped().finish_time(0, 2'100'000), 3.0, 1e-9);
}

TEST(TracePacer, ZeroRatePeriodsWaitForTheNext) {
  TracePacer p({{1.0, 0, 0}, {1.0, 8e6, 0}});
  EXPECT_NEAR(p.finish_time(0, 100'000), 1.1, 1e-9);
}

TEST(TracePacer, LatencyFollowsTheTrace) {
  EXPECT_EQ(stepped().latency_ms_at(1), 10);
  EXPECT_EQ(stepped().latency_ms_at(3), 50);
  EXPECT_EQ(stepped().latency_ms_at(5), 10);  // wrapped
  EXPECT_DOUBLE_EQ(TracePacer::constant(4e6).finish_time(0, 500'000), 1.0);
}

}  // namespace
}  // namespace origin
