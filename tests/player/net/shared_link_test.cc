#include "player/net/shared_link.h"

#include <gtest/gtest.h>

#include <random>

#include "player/sim/request_network.h"

namespace player {
namespace {

constexpr double kMbit = 1e6;  // bit/s
constexpr double kMB = 1e6;    // bytes

std::vector<SharedLink::Completion> run_to(SharedLink& link, double t_s) {
  std::vector<SharedLink::Completion> done;
  link.advance(t_s, done);
  return done;
}

TEST(SharedLink, AFlowAloneGetsTheWholeRate) {
  const std::vector<media::TracePeriod> trace = {{100, 8 * kMbit, 0}};
  SharedLink link(trace);
  std::vector<SharedLink::Completion> done;
  const auto id = link.add(0, kMB, done);
  EXPECT_DOUBLE_EQ(link.next_completion_s(), 1.0);
  done = run_to(link, 0.5);
  EXPECT_TRUE(done.empty());
  EXPECT_DOUBLE_EQ(link.received(id), kMB / 2);
  done = run_to(link, 2);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, id);
  EXPECT_DOUBLE_EQ(done[0].t_s, 1.0);
}

TEST(SharedLink, ConcurrentFlowsShareTheRateEqually) {
  const std::vector<media::TracePeriod> trace = {{100, 8 * kMbit, 0}};
  SharedLink link(trace);
  std::vector<SharedLink::Completion> done;
  const auto small = link.add(0, 0.5 * kMB, done);
  const auto big = link.add(0, 1.5 * kMB, done);
  // Half the rate each until the small one is done at 1 s; then the big one alone.
  EXPECT_DOUBLE_EQ(link.next_completion_s(), 1.0);
  done = run_to(link, 10);
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].id, small);
  EXPECT_DOUBLE_EQ(done[0].t_s, 1.0);
  EXPECT_EQ(done[1].id, big);
  EXPECT_DOUBLE_EQ(done[1].t_s, 2.0);
  EXPECT_DOUBLE_EQ(link.delivered_bytes(), 2 * kMB);
}

TEST(SharedLink, RemovingAFlowSpeedsUpTheRest) {
  const std::vector<media::TracePeriod> trace = {{100, 8 * kMbit, 0}};
  SharedLink link(trace);
  std::vector<SharedLink::Completion> done;
  const auto a = link.add(0, kMB, done);
  const auto b = link.add(0, kMB, done);
  EXPECT_DOUBLE_EQ(link.remove(1.0, a, done), kMB / 2);  // abandoned after half a second each
  EXPECT_DOUBLE_EQ(link.next_completion_s(), 1.5);
  done = run_to(link, 5);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, b);
}

TEST(SharedLink, TheTraceWrapsAroundAndZeroPeriodsDeliverNothing) {
  const std::vector<media::TracePeriod> trace = {{1, 8 * kMbit, 0}, {1, 0, 0}};
  SharedLink link(trace);
  std::vector<SharedLink::Completion> done;
  link.add(0, 1.5 * kMB, done);
  // 1 MB in [0, 1), nothing in [1, 2), the rest from 2 s on (the trace again).
  EXPECT_DOUBLE_EQ(link.next_completion_s(), 2.5);
}

TEST(SharedLink, ALinkThatNeverDeliversNeverCompletes) {
  const std::vector<media::TracePeriod> trace = {{1, 0, 0}};
  SharedLink link(trace);
  std::vector<SharedLink::Completion> done;
  link.add(0, 1, done);
  EXPECT_EQ(link.next_completion_s(), SharedLink::kNever);
}

TEST(SharedLink, LatencyConsumesTraceTimeAcrossPeriods) {
  const std::vector<media::TracePeriod> trace = {{1, kMbit, 400}, {1, kMbit, 1000}};
  SharedLink link(trace);
  // From 0.8 s: 0.2 s is half of a 400 ms latency; the other half is 0.5 s of the next period's.
  EXPECT_DOUBLE_EQ(link.first_byte_s(0.8), 1.5);
  EXPECT_DOUBLE_EQ(link.first_byte_s(0.1), 0.5);
  SharedLink scaled(trace, 0.5);
  EXPECT_DOUBLE_EQ(scaled.first_byte_s(0.1), 0.3);
}

// One request at a time, the shared link is the request model's network:
// same first-byte and last-byte times on a random trace.
TEST(SharedLink, OneFlowAtATimeMatchesTheRequestModel) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> duration(0.2, 3), rate(0, 6e6), latency(0, 200), size(1e4, 2e6);
  std::vector<media::TracePeriod> trace;
  for (int i = 0; i < 50; ++i) trace.push_back({duration(rng), i % 7 == 3 ? 0.0 : rate(rng), latency(rng)});
  SharedLink link(trace);
  sim::RequestNetwork reference(trace);
  double t = 0;
  for (int request = 0; request < 40; ++request) {
    const double bytes = size(rng);
    const double first_byte = link.first_byte_s(t);
    reference.request_latency();
    EXPECT_NEAR(first_byte, reference.now_s(), 1e-9) << request;
    std::vector<SharedLink::Completion> done;
    link.add(first_byte, bytes, done);
    const double last_byte = link.next_completion_s();
    reference.transfer(bytes, 1e9);
    EXPECT_NEAR(last_byte, reference.now_s(), 1e-6) << request;
    done = run_to(link, last_byte);
    ASSERT_EQ(done.size(), 1u);
    t = last_byte;
  }
}

TEST(SharedLink, CapacityIsTheTracesBytesOverASpanAcrossPeriodsAndCycles) {
  const std::vector<media::TracePeriod> trace = {{1, 8 * kMbit, 0}, {1, 16 * kMbit, 0}};  // 1 MB/s, then 2 MB/s
  SharedLink link(trace);
  EXPECT_DOUBLE_EQ(link.capacity_bytes(0, 1), kMB);
  EXPECT_DOUBLE_EQ(link.capacity_bytes(0.5, 1.5), 1.5 * kMB);
  EXPECT_DOUBLE_EQ(link.capacity_bytes(0, 4), 6 * kMB);  // the trace wraps
  EXPECT_DOUBLE_EQ(link.capacity_bytes(2, 2), 0);
}

TEST(SharedLink, RemembersWhenTheLastByteWasDelivered) {
  const std::vector<media::TracePeriod> trace = {{100, 8 * kMbit, 0}};
  SharedLink link(trace);
  std::vector<SharedLink::Completion> done;
  EXPECT_EQ(link.last_byte_s(), 0);
  link.add(1, kMB, done);
  link.advance(10, done);  // idle after 2 s
  EXPECT_DOUBLE_EQ(link.last_byte_s(), 2.0);
  EXPECT_DOUBLE_EQ(link.delivered_bytes(), kMB);
}

}  // namespace
}  // namespace player
