#include "player/net/base_url_selector.h"

#include <gtest/gtest.h>

namespace player {
namespace {

TEST(BaseUrlSelector, MpdOrderUntilMeasured) {
  BaseUrlSelector s(3);
  EXPECT_EQ(s.choose(0), 0u);
}

TEST(BaseUrlSelector, PrefersTheFasterMeasuredOne) {
  BaseUrlSelector s(2);
  s.report_success(0, 2e6);
  s.report_success(1, 8e6);
  EXPECT_EQ(s.choose(0), 1u);
}

TEST(BaseUrlSelector, FailedOneIsAvoidedDuringCooldown) {
  BaseUrlSelector s(3, /*cooldown_s=*/10);
  s.report_failure(0, 5.0);
  EXPECT_EQ(s.choose(6.0), 1u);
  EXPECT_EQ(s.next_after(0, 6.0), 1u);
  s.report_failure(1, 6.0);
  EXPECT_EQ(s.next_after(1, 7.0), 2u);
  EXPECT_EQ(s.choose(16.0), 0u);  // cooled down
}

TEST(BaseUrlSelector, AllFailedPicksTheOneRecoveringFirst) {
  BaseUrlSelector s(2, 10);
  s.report_failure(1, 1.0);
  s.report_failure(0, 2.0);
  EXPECT_EQ(s.choose(3.0), 1u);
}

TEST(BaseUrlSelector, SuccessClearsFailure) {
  BaseUrlSelector s(2, 10);
  s.report_failure(0, 1.0);
  s.report_success(0, 1e6);
  EXPECT_EQ(s.choose(2.0), 0u);
}

TEST(BaseUrlSelector, SteeringOrderWinsOverThroughput) {
  BaseUrlSelector s(3, 10);
  s.report_success(0, 9e6);
  s.set_steering({2, 1});
  EXPECT_EQ(s.choose(0), 2u);
  s.report_failure(2, 1.0);
  EXPECT_EQ(s.choose(2.0), 1u);          // the next pathway the server named
  EXPECT_EQ(s.next_after(2, 2.0), 1u);
  s.report_failure(1, 2.0);
  EXPECT_EQ(s.choose(3.0), 0u);          // every named one failing: the one left out
  s.set_steering({});                    // the server went away: own choice again
  EXPECT_EQ(s.choose(20.0), 0u);
  EXPECT_DOUBLE_EQ(s.throughput_bps(0), 9e6);
  EXPECT_DOUBLE_EQ(s.throughput_bps(7), 0);
}

}  // namespace
}  // namespace player
