#include "media/clock.h"

#include <gtest/gtest.h>

#include <thread>

namespace media {
namespace {

TEST(ManualClock, SleepJumpsToTheDeadlineAndNeverGoesBack) {
  ManualClock clock(5);
  clock.sleep_until(7.5);
  EXPECT_DOUBLE_EQ(clock.now_s(), 7.5);
  clock.sleep_until(3);  // a deadline in the past: no change
  EXPECT_DOUBLE_EQ(clock.now_s(), 7.5);
  clock.advance(0.5);
  EXPECT_DOUBLE_EQ(clock.now_s(), 8);
}

TEST(SteadyClock, WakeEndsASleepEarly) {
  SteadyClock clock;
  std::thread waker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    clock.wake();
  });
  clock.sleep_until(60);  // would be a minute without the wake-up
  waker.join();
  EXPECT_LT(clock.now_s(), 30);
}

TEST(SteadyClock, AWakeWithNobodySleepingEndsTheNextSleep) {
  SteadyClock clock;
  clock.wake();
  clock.sleep_until(60);
  EXPECT_LT(clock.now_s(), 30);
}

}  // namespace
}  // namespace media
