#include "media/bounded_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace media {
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

TEST(BoundedQueue, CloseWakesWaitersAndDrains) {
  BoundedQueue<int> q(1);
  ASSERT_EQ(q.push(7), QueueStatus::kOk);
  std::thread producer([&] { EXPECT_EQ(q.push(8), QueueStatus::kClosed); });
  std::this_thread::sleep_for(20ms);
  q.close();
  producer.join();
  int v = 0;
  EXPECT_EQ(q.pop(v), QueueStatus::kOk);  // queued items survive close
  EXPECT_EQ(v, 7);
  EXPECT_EQ(q.pop(v), QueueStatus::kClosed);
}

TEST(BoundedQueue, ClearMakesRoom) {
  BoundedQueue<int> q(1);
  ASSERT_EQ(q.push(1), QueueStatus::kOk);
  q.clear();
  EXPECT_EQ(q.push(2, 10ms), QueueStatus::kOk);
  EXPECT_EQ(q.size(), 1u);
}

TEST(BoundedQueue, CancelDropsItemsAndWakesConsumers) {
  BoundedQueue<int> q(2);
  ASSERT_EQ(q.push(1), QueueStatus::kOk);
  q.cancel();
  int v = 0;
  EXPECT_EQ(q.pop(v), QueueStatus::kCancelled);
  EXPECT_EQ(q.push(2), QueueStatus::kCancelled);
}

TEST(BoundedQueue, CostBoundsTheQueueButNeverAnEmptyOne) {
  constexpr double kMaxBytes = 100;
  BoundedQueue<int> q(10, [](const int& bytes) { return double(bytes); }, kMaxBytes);
  EXPECT_EQ(q.try_push(150), QueueStatus::kOk);  // alone, even over the bound
  EXPECT_EQ(q.try_push(1), QueueStatus::kTimeout);
  int v = 0;
  ASSERT_EQ(q.pop(v), QueueStatus::kOk);
  EXPECT_EQ(q.try_push(60), QueueStatus::kOk);
  EXPECT_EQ(q.try_push(40), QueueStatus::kOk);
  EXPECT_EQ(q.try_push(1), QueueStatus::kTimeout);
  EXPECT_DOUBLE_EQ(q.cost(), 100);
}

}  // namespace
}  // namespace media
