#include "player/session/event_loop.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

namespace player {
namespace {

TEST(EventLoop, RunsTimersInTimeOrderAndTiesInTheOrderSet) {
  media::ManualClock clock;
  EventLoop loop(clock);
  std::vector<int> order;
  loop.at(2, [&] { order.push_back(3); });
  loop.at(1, [&] { order.push_back(1); });
  loop.at(1, [&] { order.push_back(2); });
  EXPECT_FALSE(loop.run());  // ran out of work
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_DOUBLE_EQ(clock.now_s(), 2);
}

TEST(EventLoop, CancelledTimersNeverRunAndTheirSlotsAreReused) {
  media::ManualClock clock;
  EventLoop loop(clock);
  int ran = 0;
  EventLoop::TimerId a = loop.at(1, [&] { ran += 1; });
  loop.cancel(a);
  EXPECT_EQ(a, 0u);
  EventLoop::TimerId b = loop.at(3, [&] { ran += 10; });  // takes a's slot
  EXPECT_DOUBLE_EQ(loop.due_s(b), 3);
  EventLoop::TimerId stale = b;
  loop.run();
  EXPECT_EQ(ran, 10);
  EXPECT_TRUE(std::isinf(loop.due_s(stale)));  // ran: no longer pending
  loop.cancel(stale);                           // harmless
}

TEST(EventLoop, ATimerMaySetTimersAndQuit) {
  media::ManualClock clock;
  EventLoop loop(clock);
  int count = 0;
  std::function<void()> again = [&] {
    if (++count == 5) loop.quit();
    else loop.after(0.5, again);
  };
  loop.after(0.5, again);
  EXPECT_TRUE(loop.run());
  EXPECT_EQ(count, 5);
  EXPECT_DOUBLE_EQ(clock.now_s(), 2.5);
}

TEST(EventLoop, RealTimeWakesForPostsFromOtherThreads) {
  media::SteadyClock clock;
  EventLoop loop(clock);
  bool ran = false;
  std::thread poster([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    loop.post([&] {
      ran = true;
      loop.quit();
    });
  });
  loop.at(60, [] {});  // would hold the loop for a minute
  EXPECT_TRUE(loop.run());
  poster.join();
  EXPECT_TRUE(ran);
  EXPECT_LT(clock.now_s(), 30);
}

}  // namespace
}  // namespace player
