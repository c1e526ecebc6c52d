#include "player/session/bounded_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace player {
namespace {

using namespace std::chrono_literals;

TEST(BoundedQueue, FifoWithinCapacity) {
  BoundedQueue<int> q(2);
  EXPECT_EQ(q.push(1), QueueStatus::kOk);
  EXPECT_EQ(q.push(2), QueueStatus::kOk);
  EXPECT_EQ(q.push(3, 10ms), QueueStatus::kTimeout);
  int v = 0;
  EXPECT_EQ(q.pop(v), QueueStatus::kOk);
  EXPECT_EQ(v, 1);
}

TEST(BoundedQueue, PopTimesOutWhenEmpty) {
  BoundedQueue<int> q(1);
  int v = 0;
  EXPECT_EQ(q.pop(v, 10ms), QueueStatus::kTimeout);
}

TEST(BoundedQueue, StopWakesWaitersAndDrains) {
  BoundedQueue<int> q(1);
  ASSERT_EQ(q.push(7), QueueStatus::kOk);
  std::thread producer([&] { EXPECT_EQ(q.push(8), QueueStatus::kStopped); });
  std::this_thread::sleep_for(20ms);
  q.stop();
  producer.join();
  int v = 0;
  EXPECT_EQ(q.pop(v), QueueStatus::kOk);  // queued items survive stop
  EXPECT_EQ(v, 7);
  EXPECT_EQ(q.pop(v), QueueStatus::kStopped);
}

TEST(BoundedQueue, ClearMakesRoom) {
  BoundedQueue<int> q(1);
  ASSERT_EQ(q.push(1), QueueStatus::kOk);
  q.clear();
  EXPECT_EQ(q.push(2, 10ms), QueueStatus::kOk);
  EXPECT_EQ(q.size(), 1u);
}

}  // namespace
}  // namespace player
