#include "player/net/retry_policy.h"

#include <gtest/gtest.h>

namespace player {
namespace {

TEST(RetryPolicy, GrowsExponentiallyWithJitterAndCaps) {
  RetryPolicy p;
  p.base_delay_ms = 100;
  p.max_delay_ms = 1000;
  std::mt19937_64 rng(42);
  for (int i = 0; i < 200; ++i) {
    double d1 = p.delay_ms(1, rng), d3 = p.delay_ms(3, rng), d10 = p.delay_ms(10, rng);
    EXPECT_GE(d1, 50);
    EXPECT_LE(d1, 100);
    EXPECT_GE(d3, 200);
    EXPECT_LE(d3, 400);
    EXPECT_GE(d10, 500);
    EXPECT_LE(d10, 1000);
  }
}

TEST(RetryPolicy, JitterSpreadsDelays) {
  RetryPolicy p;
  std::mt19937_64 rng(7);
  double a = p.delay_ms(2, rng), b = p.delay_ms(2, rng);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace player

namespace player {
namespace {

TEST(RetryPolicy, KeepsTryingForTheTimeBudget) {
  RetryPolicy p;
  p.max_attempts = 3;
  p.max_total_ms = 5000;
  EXPECT_TRUE(p.another_try(1, 3, 100));
  EXPECT_TRUE(p.another_try(5, 3, 4000));   // past the count, within the budget
  EXPECT_FALSE(p.another_try(5, 3, 6000));  // past both
  EXPECT_TRUE(p.another_try(2, 3, 9000));   // the count still owed
}

}  // namespace
}  // namespace player
