// L2A-LL (l2a.h): the simplex projection, start-up, the drop when the link
// falls below the current rung with a 1 s buffer, and no oscillation on a
// constant link.
#include "player/abr/l2a.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "context_builder.h"

namespace abr {
namespace {

using testing::ContextBuilder;
using testing::kPensieveLadder;

constexpr double kEps = 1e-9;
constexpr double kSegmentS = 4;

// A live context: 2 s target latency (so start-up ends at 1 s of buffer), 1 s buffered.
ContextBuilder live_context(double buffer_s = 1) {
  ContextBuilder b;
  b.nominal_sizes(5).buffer(buffer_s);
  b.ctx.live = true;
  b.ctx.target_latency_s = 2;
  b.ctx.buffer_cap_s = 2;
  b.ctx.latency_s = 2;
  return b;
}

// A download of `rung`'s segment at `rate_bps` (the burst throughput L2A reads).
SegmentResult segment_at(size_t rung, double rate_bps) {
  SegmentResult r;
  r.rung = rung;
  r.size_bytes = kPensieveLadder[rung] * kSegmentS / 8;
  r.download_s = r.size_bytes * 8 / rate_bps;
  r.segment_duration_s = kSegmentS;
  r.buffer_after_s = 1;
  return r;
}

// Runs `steps` decisions on a link of constant rate; returns the rungs.
std::vector<size_t> run_constant(L2a& l2a, ContextBuilder& b, double rate_bps, size_t steps) {
  std::vector<size_t> rungs;
  size_t rung = 0;
  for (size_t k = 0; k < steps; ++k) {
    l2a.observe(segment_at(rung, rate_bps));
    rung = l2a.choose(b.last(rung).get()).rung;
    rungs.push_back(rung);
  }
  return rungs;
}

TEST(L2a, ProjectionOntoTheSimplex) {
  const auto x = project_to_simplex({0.6, 1.5, -2.4, -2.7});
  EXPECT_NEAR(x[0], 0.05, kEps);
  EXPECT_NEAR(x[1], 0.95, kEps);
  EXPECT_EQ(x[2], 0);
  EXPECT_EQ(x[3], 0);
  for (const auto& v : {std::vector<double>{0.2, 0.3, 0.5}, {3, 3, 3}, {-1, -2, -5}, {10, 0, 0}}) {
    const auto p = project_to_simplex(v);
    EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1, kEps);
    for (double w : p) EXPECT_GE(w, 0);
  }
  // A point of the simplex is its own projection.
  const auto same = project_to_simplex({0.2, 0.3, 0.5});
  EXPECT_NEAR(same[0], 0.2, kEps);
  EXPECT_NEAR(same[2], 0.5, kEps);
}

TEST(L2a, StartsWithTheThroughputRuleThenTurnsSteady) {
  L2a l2a;
  auto b = live_context(0);
  EXPECT_EQ(l2a.choose(b.get()).rung, 0u);  // nothing measured yet
  l2a.observe(segment_at(0, 2e6));
  // 0.9 × 2 Mbit/s = 1.8: rung 2 (1.2 Mbit/s); the buffer (0 s) is below 1 s.
  EXPECT_EQ(l2a.choose(b.get()).rung, 2u);
  EXPECT_FALSE(l2a.steady());
  b.buffer(1);
  l2a.choose(b.get());
  EXPECT_TRUE(l2a.steady());
  EXPECT_NEAR(l2a.lagrangian_q(), std::pow(4.0, 0.99), kEps);  // Q starts at V_L
}

TEST(L2a, VodKeepsDashJsBufferTarget) {
  L2a l2a;
  ContextBuilder b;  // VOD: 60 s cap; B_target stays 1.5 s
  b.nominal_sizes(5).buffer(1);
  l2a.observe(segment_at(0, 2e6));
  l2a.choose(b.get());
  EXPECT_FALSE(l2a.steady());
  b.buffer(1.5);
  l2a.choose(b.get());
  EXPECT_TRUE(l2a.steady());
}

TEST(L2a, DropsWhenThroughputFallsBelowTheCurrentRateWithOneSecondBuffered) {
  L2a l2a;
  auto b = live_context(1);
  const auto rungs = run_constant(l2a, b, 2.5e6, 20);
  ASSERT_EQ(rungs.back(), 3u);  // 1.85 Mbit/s: the highest below 2.5
  l2a.observe(segment_at(3, 1.0e6));  // the link falls to 1 Mbit/s
  const Decision d = l2a.choose(b.last(3).get());
  EXPECT_LT(kPensieveLadder[d.rung], 1.0e6) << d.reason_text();
  EXPECT_EQ(d.rung, 1u);  // weights 0.05 / 0.95 on rungs 0 and 1: R·w = 0.73 Mbit/s
}

TEST(L2a, HoldsOneRungOnAConstantLink) {
  struct Case {
    double rate_bps;
    size_t rung;  // the highest rung below the rate
  };
  for (const Case c : {Case{3e6, 4}, Case{1e6, 1}, Case{2e6, 3}, Case{10e6, 5}}) {
    SCOPED_TRACE(c.rate_bps);
    L2a l2a;
    auto b = live_context(1);
    const auto rungs = run_constant(l2a, b, c.rate_bps, 60);
    // Climbs one rung at a time, then never moves again.
    for (size_t k = 1; k < rungs.size(); ++k) EXPECT_LE(rungs[k], rungs[k - 1] + 1) << "step " << k;
    for (size_t k = 15; k < rungs.size(); ++k) ASSERT_EQ(rungs[k], c.rung) << "step " << k;
  }
}

TEST(L2a, ClimbsOneRungAtATimeWhenTheLinkRises) {
  L2a l2a;
  auto b = live_context(1);
  ASSERT_EQ(run_constant(l2a, b, 1e6, 20).back(), 1u);
  // The link jumps to 10 Mbit/s: the weights alone would go straight to the
  // top rung; the cautious ascent takes one rung per segment.
  size_t rung = 1;
  std::vector<size_t> rungs;
  for (size_t k = 0; k < 10; ++k) {
    l2a.observe(segment_at(rung, 10e6));
    const size_t next = l2a.choose(b.last(rung).get()).rung;
    EXPECT_LE(next, rung + 1) << "step " << k;
    rung = next;
    rungs.push_back(rung);
  }
  EXPECT_EQ(rungs[0], 2u);
  EXPECT_EQ(rungs[1], 3u);
  EXPECT_EQ(rungs.back(), 5u);
}

TEST(L2a, AfterADropClimbsBackOneRungAtATime) {
  // A drop below the rung played raises Q (react × max(V_L, Q)), which makes
  // the next steps large: the weights alone would leap back to the top; the
  // cautious ascent still takes one rung per segment.
  L2a l2a;
  auto b = live_context(1);
  ASSERT_EQ(run_constant(l2a, b, 4e6, 20).back(), 4u);
  size_t rung = 4;
  for (double rate_bps : {0.2e6, 0.2e6}) {
    l2a.observe(segment_at(rung, rate_bps));
    rung = l2a.choose(b.last(rung).get()).rung;
  }
  ASSERT_EQ(rung, 0u);
  ASSERT_GT(l2a.lagrangian_q(), std::pow(4.0, 0.99));
  for (size_t k = 0; k < 8; ++k) {
    l2a.observe(segment_at(rung, 20e6));
    const size_t next = l2a.choose(b.last(rung).get()).rung;
    EXPECT_LE(next, rung + 1) << "step " << k << ", Q " << l2a.lagrangian_q();
    rung = next;
  }
  EXPECT_EQ(rung, 5u);
}

TEST(L2a, PlaybackRateCountsAsDemand) {
  // Catching up at 1.05x, a rung at 0.97 of the link drains the buffer:
  // L2A gives it less weight than at 1x (ρ R_i > c).
  L2a at_1x, at_105x;
  auto b = live_context(1);
  run_constant(at_1x, b, 1.9e6, 30);
  run_constant(at_105x, b, 1.9e6, 30);
  at_1x.observe(segment_at(3, 1.9e6));
  at_105x.observe(segment_at(3, 1.9e6));
  const size_t r1 = at_1x.choose(b.last(3).get()).rung;
  // The session folds the rate into the context, as the player does.
  b.ctx.playback_rate = 1.05;
  for (double& rate_bps : b.ladder) rate_bps *= 1.05;
  b.ctx.buffer_s /= 1.05;
  const size_t r105 = at_105x.choose(b.get()).rung;
  EXPECT_EQ(r1, 3u);
  EXPECT_LT(r105, r1);
}

}  // namespace
}  // namespace abr
