// The shaper with a manual clock: each session follows the trace from its own
// first request, requests of one session share its link, an idle link
// resumes at the trace time reached, and latency follows the trace.
#include "origin/shaper.h"

#include <gtest/gtest.h>

namespace origin {
namespace {

// 8 Mbit/s (1 MB/s) for 2 s with 10 ms latency, then 800 kbit/s (100 kB/s)
// for 2 s with 50 ms latency, wrapping.
TracePacer stepped() { return TracePacer({{2.0, 8e6, 10}, {2.0, 0.8e6, 50}}); }

TEST(Shaper, SessionStartsWithItsFirstRequest) {
  media::ManualClock clock(100);
  Shaper shaper(stepped(), 0, clock);
  auto link = shaper.link_for("a");
  // The fast period delivers 1 MB/s from trace time 0: 1.5 MB take 1.5 s.
  EXPECT_DOUBLE_EQ(shaper.reserve(*link, 1'500'000), 101.5);
}

TEST(Shaper, ChunksAreAFewMillisecondsOfTheCurrentRate) {
  media::ManualClock clock(100);
  Shaper shaper(stepped(), 0, clock);
  auto link = shaper.link_for("a");
  EXPECT_EQ(shaper.chunk_bytes(*link), 5000u);  // 5 ms at 1 MB/s
  clock.set(102.5);                              // the slow period: 5 ms would be 500 B
  EXPECT_EQ(shaper.chunk_bytes(*link), 1460u);   // never below one TCP segment
  Shaper fast(TracePacer::constant(1e9), 0, clock);
  EXPECT_EQ(fast.chunk_bytes(*fast.link_for("b")), 64u * 1024);  // nor above 64 KiB
}

TEST(Shaper, SessionsAreIndependent) {
  media::ManualClock clock(100);
  Shaper shaper(stepped(), 0, clock);
  auto a = shaper.link_for("a");
  EXPECT_DOUBLE_EQ(shaper.reserve(*a, 1'000'000), 101.0);
  clock.set(101.5);
  // Session b starts now at trace time 0 (fast), while a is at 1.5 s.
  auto b = shaper.link_for("b");
  EXPECT_DOUBLE_EQ(shaper.reserve(*b, 1'000'000), 102.5);
  EXPECT_EQ(shaper.sessions(), 2u);
  EXPECT_EQ(shaper.link_for("a"), a);  // the same link again
}

TEST(Shaper, RequestsOfOneSessionShareTheLink) {
  media::ManualClock clock(100);
  Shaper shaper(stepped(), 0, clock);
  auto link = shaper.link_for("s");
  // Two transfers reserved at the same instant: the second waits for the first.
  EXPECT_DOUBLE_EQ(shaper.reserve(*link, 500'000), 100.5);
  EXPECT_DOUBLE_EQ(shaper.reserve(*link, 500'000), 101.0);
  // 1.5 MB more from trace time 1 s: 1 MB by 2 s, then 0.5 MB at 100 kB/s
  // would need 5 s but the slow period lasts 2 s (0.2 MB), then 0.3 MB fast.
  EXPECT_NEAR(shaper.reserve(*link, 1'500'000), 104.3, 1e-9);
}

TEST(Shaper, WriterJitterDoesNotAccumulate) {
  media::ManualClock clock(100);
  Shaper shaper(TracePacer::constant(8e6), 0, clock);
  auto link = shaper.link_for("s");
  double done = shaper.reserve(*link, 100'000);
  EXPECT_DOUBLE_EQ(done, 100.1);
  // The writer wakes 10 ms late; the next chunk continues from 100.1, not 100.11.
  clock.set(100.11);
  EXPECT_DOUBLE_EQ(shaper.reserve(*link, 100'000), 100.2);
}

TEST(Shaper, AResponseKeepsItsScheduleThroughALateWakeUp) {
  media::ManualClock clock(100);
  Shaper shaper(TracePacer::constant(8e6), 0, clock);
  auto link = shaper.link_for("s");
  EXPECT_DOUBLE_EQ(shaper.reserve(*link, 100'000), 100.1);
  // 300 ms late on a loaded machine: the same response's next chunk still
  // continues from 100.1; a new request that late starts from now.
  clock.set(100.4);
  EXPECT_DOUBLE_EQ(shaper.reserve(*link, 100'000, true), 100.2);
  clock.set(100.6);
  EXPECT_DOUBLE_EQ(shaper.reserve(*link, 100'000), 100.7);
}

TEST(Shaper, IdleLinkResumesAtTheTraceTimeReached) {
  media::ManualClock clock(100);
  Shaper shaper(stepped(), 0, clock);
  auto link = shaper.link_for("s");
  EXPECT_DOUBLE_EQ(shaper.reserve(*link, 100'000), 100.1);
  // Idle until trace time 2.5 s: the slow period, 100 kB take 1 s.
  clock.set(102.5);
  EXPECT_NEAR(shaper.reserve(*link, 100'000), 103.5, 1e-9);
  // Wrapped: trace time 4.5 s is 0.5 s into the fast period again.
  clock.set(104.5);
  EXPECT_NEAR(shaper.reserve(*link, 1'000'000), 105.5, 1e-9);
}

TEST(Shaper, LatencyFollowsTheTraceAndTheExtra) {
  media::ManualClock clock(100);
  Shaper shaper(stepped(), 5, clock);
  auto link = shaper.link_for("s");
  EXPECT_DOUBLE_EQ(shaper.request_latency_ms(*link), 15);
  clock.set(103);  // slow period
  EXPECT_DOUBLE_EQ(shaper.request_latency_ms(*link), 55);
}

}  // namespace
}  // namespace origin
