// The pure parts of live playback: the edge policy (rate, jump) and the
// availability arithmetic of a dynamic MPD.
#include <gtest/gtest.h>

#include "player/session/live_edge.h"
#include "player/session/live_status.h"
#include "player/session/live_window.h"

namespace player {
namespace {

constexpr double kTarget = 3;

TEST(LiveEdge, OnTargetPlaysAtNormalSpeed) {
  LiveEdge e({});
  const EdgeAction a = e.decide(10, kTarget + 0.004, kTarget, 2, PlayState::kPlaying, false);
  EXPECT_EQ(a.rate, 1);
  EXPECT_FALSE(a.jump);
}

TEST(LiveEdge, SlightlyBehindPlaysFasterButNotAboveTheCap) {
  LiveEdge e({});
  const EdgeAction a = e.decide(10, kTarget + 0.5, kTarget, 2, PlayState::kPlaying, false);
  EXPECT_GT(a.rate, 1);
  EXPECT_LE(a.rate, e.options().max_rate);
  EXPECT_EQ(e.decide(11, kTarget + 2.9, kTarget, 2, PlayState::kPlaying, false).rate, e.options().max_rate);
}

TEST(LiveEdge, KeepsCatchingUpUntilBackOnTarget) {
  LiveEdge e({});
  EXPECT_GT(e.decide(10, kTarget + 0.5, kTarget, 2, PlayState::kPlaying, false).rate, 1);
  EXPECT_GT(e.decide(11, kTarget + 0.01, kTarget, 2, PlayState::kPlaying, false).rate, 1);  // hysteresis
  EXPECT_EQ(e.decide(12, kTarget - 0.001, kTarget, 2, PlayState::kPlaying, false).rate, 1);
}

TEST(LiveEdge, ASmallDriftIsMadeUpNotLeftStanding) {
  // 30 ms behind, the start-up time of a session at the edge: at 1.02x it is
  // made up in 1.5 s; at 1 + 0.1 x 0.03 it would take 10 s.
  LiveEdge e({});
  EXPECT_DOUBLE_EQ(e.decide(10, kTarget + 0.03, kTarget, 2, PlayState::kPlaying, false).rate, 1.02);
}

TEST(LiveEdge, NoFasterPlaybackOnALowBuffer) {
  LiveEdge e({});
  EXPECT_EQ(e.decide(10, kTarget + 1, kTarget, 0.3, PlayState::kPlaying, false).rate, 1);
  EXPECT_LT(e.decide(10, kTarget + 1, kTarget, 0.2, PlayState::kPlaying, false).rate, 1);
}

TEST(LiveEdge, AheadOfTheTargetPlaysSlowerUntilOnIt) {
  // A session that joined a stream younger than its target sits 0.18 s
  // ahead; at 1x it would stay there, on a thinner buffer than planned.
  LiveEdge e({});
  EXPECT_DOUBLE_EQ(e.decide(10, kTarget - 0.18, kTarget, 2, PlayState::kPlaying, false).rate, 0.98);
  EXPECT_DOUBLE_EQ(e.decide(11, kTarget - 1, kTarget, 2, PlayState::kPlaying, false).rate, 0.95);  // min_rate
  EXPECT_LT(e.decide(12, kTarget - 0.001, kTarget, 2, PlayState::kPlaying, false).rate, 1);  // hysteresis
  EXPECT_EQ(e.decide(13, kTarget, kTarget, 2, PlayState::kPlaying, false).rate, 1);
  EXPECT_EQ(e.decide(14, kTarget - 0.004, kTarget, 2, PlayState::kPlaying, false).rate, 1);  // within the threshold
}

TEST(LiveEdge, ALowBufferPlaysSlowerTheEmptierItIs) {
  LiveEdge e({});  // min_buffer_s 0.5 (slower below 0.25), min_rate 0.95
  EXPECT_DOUBLE_EQ(e.decide(10, kTarget, kTarget, 0.3, PlayState::kPlaying, false).rate, 1);
  EXPECT_DOUBLE_EQ(e.decide(10, kTarget, kTarget, 0.125, PlayState::kPlaying, false).rate, 0.975);
  EXPECT_DOUBLE_EQ(e.decide(10, kTarget, kTarget, 0, PlayState::kPlaying, false).rate, 0.95);
  // Not while stalled (nothing plays), and never when min_rate is 1.
  EXPECT_EQ(e.decide(10, kTarget, kTarget, 0, PlayState::kStalled, false).rate, 1);
  CatchUpOptions never_slower;
  never_slower.min_rate = 1;
  EXPECT_EQ(LiveEdge(never_slower).decide(10, kTarget, kTarget, 0.1, PlayState::kPlaying, false).rate, 1);
}

TEST(LiveEdge, FarBehindJumpsOnceThenWaitsForTheCooldown) {
  LiveEdge e({});
  EXPECT_TRUE(e.decide(10, kTarget + 4, kTarget, 2, PlayState::kStalled, false).jump);
  EXPECT_FALSE(e.decide(11, kTarget + 5, kTarget, 0, PlayState::kStalled, false).jump);
  EXPECT_TRUE(e.decide(16, kTarget + 5, kTarget, 0, PlayState::kStalled, false).jump);
}

TEST(LiveEdge, NoJumpWhileRefillingAfterAJumpOrAtStartUp) {
  LiveEdge e({});
  EXPECT_FALSE(e.decide(10, kTarget + 9, kTarget, 0, PlayState::kStalled, true).jump);
  EXPECT_FALSE(e.decide(10, kTarget + 9, kTarget, 0, PlayState::kStartup, false).jump);
}

TEST(LiveStats, PercentilesOfTheSamples) {
  LiveStats s;
  for (int i = 1; i <= 100; ++i) s.latency_samples_s.push_back(i);
  EXPECT_NEAR(s.percentile(0.5), 50.5, 0.6);
  EXPECT_NEAR(s.percentile(0.95), 95, 1);
}

TEST(LiveWindow, TargetLatencyPrefersServiceDescriptionThenSuggestedDelay) {
  LiveInfo live;
  EXPECT_EQ(target_latency_s(live, 2, 0), 6);  // three segments
  live.suggested_delay_s = 4;
  EXPECT_EQ(target_latency_s(live, 2, 0), 4);
  live.service_latency_s = 1.5;
  EXPECT_EQ(target_latency_s(live, 2, 0), 1.5);
  EXPECT_EQ(target_latency_s(live, 2, 2.5), 2.5);  // --live-delay wins
}

TEST(LiveWindow, SegmentIsAvailableAtItsEndLessTheOffset) {
  LiveInfo live;
  live.availability_start_unix_s = 1000;
  live.time_shift_buffer_s = 30;
  media::SegmentRef seg;
  seg.start_ticks = 4000;
  seg.duration_ticks = 2000;
  seg.timescale = 1000;
  EXPECT_DOUBLE_EQ(available_from_unix_s(live, seg, 0), 1006);
  EXPECT_DOUBLE_EQ(available_from_unix_s(live, seg, 1.5), 1004.5);
  EXPECT_DOUBLE_EQ(available_until_unix_s(live, seg), 1036);
}

TEST(LiveStatus, SaysLiveNearTheTargetAndBehindFarFromIt) {
  SessionSnapshot s;
  EXPECT_EQ(live_status(s), "");  // VOD: no live line
  s.live = true;
  s.live_target_s = 3;
  s.live_latency_s = 3.2;
  EXPECT_EQ(live_status(s), "LIVE  latency 3.2 s");
  s.playback_rate = 1.05;
  EXPECT_EQ(live_status(s), "LIVE  latency 3.2 s  1.05x");
  s.playback_rate = 1;
  s.live_latency_s = 9;
  EXPECT_EQ(live_status(s), "behind live (l: back)  latency 9.0 s");
}

}  // namespace
}  // namespace player
