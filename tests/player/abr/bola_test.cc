// BOLA-BASIC's buffer rule, BOLA-E's placeholder at start-up, DYNAMIC's
// hysteresis.
#include <gtest/gtest.h>

#include <cmath>

#include "context_builder.h"
#include "player/abr/bola.h"
#include "player/abr/bola_e.h"
#include "player/abr/dynamic.h"
#include "player/abr/insufficient_buffer.h"

namespace abr {
namespace {

using testing::ContextBuilder;
using testing::download;

TEST(BolaBasic, LowestWhenEmptyTopWhenNearTheTarget) {
  BolaBasic bola;
  ContextBuilder b;
  b.ctx.buffer_cap_s = 25;
  EXPECT_EQ(bola.choose(b.buffer(0).get()).rung, 0u);
  EXPECT_EQ(bola.choose(b.buffer(20).get()).rung, 5u);
}

TEST(BolaBasic, MonotoneInBufferAndWaitsAboveTheTarget) {
  BolaBasic bola;
  ContextBuilder b;
  b.ctx.buffer_cap_s = 25;
  size_t previous = 0;
  for (double buffer = 0; buffer <= 21; buffer += 0.05) {
    const Decision d = bola.choose(b.buffer(buffer).get());
    EXPECT_GE(d.rung, previous) << buffer;
    EXPECT_EQ(d.wait_s, 0) << buffer;
    previous = d.rung;
  }
  // V (v_M + γp) = Q_max − p = 21 s: a buffer of 24 s waits 3 s.
  EXPECT_NEAR(bola.choose(b.buffer(24).get()).wait_s, 3, 1e-9);
}

TEST(BolaE, ParametersFollowTheBufferTarget) {
  const auto p = bola_e_parameters(testing::kPensieveLadder, 25);
  EXPECT_DOUBLE_EQ(p.target_s, 25);  // max(10 + 2 × 6, 25)
  EXPECT_DOUBLE_EQ(p.utilities.front(), 1);
  EXPECT_NEAR(p.utilities.back(), 1 + std::log(4300.0 / 300), 1e-12);
  EXPECT_NEAR(p.gamma_p, (p.utilities.back() - 1) / (25.0 / 10 - 1), 1e-12);
  EXPECT_NEAR(p.v_s, 10 / p.gamma_p, 1e-12);
  EXPECT_DOUBLE_EQ(bola_e_parameters(testing::kPensieveLadder, 5).target_s, 22);  // the minimum wins
}

TEST(BolaE, KeepsItsRungUntilItHasAThroughputSample) {
  BolaE bola;
  ContextBuilder b;
  b.ctx.state = PlaybackState::kStartup;
  const Decision d = bola.choose(b.buffer(0).get());
  EXPECT_EQ(d.rung, 0u);
  EXPECT_FALSE(bola.started());
  EXPECT_EQ(bola.placeholder_s(), 0);
}

TEST(BolaE, StartUpInsertsAPlaceholderForTheThroughputRung) {
  BolaE bola;
  ContextBuilder b;
  b.ctx.buffer_cap_s = 25;
  bola.observe(download(1, 3e6, 2, 4));  // 3 Mbit/s, buffer 4 s
  const Decision first = bola.choose(b.buffer(4).last(1).get());
  // The throughput rule's rung at 3 Mbit/s (80 ms dead time): 2850 kbit/s.
  EXPECT_EQ(first.rung, 4u);
  EXPECT_TRUE(bola.started());
  // A real buffer of 4 s would make BOLA pick the lowest rungs; the
  // placeholder lifts its virtual buffer to where rung 4 is BOLA's choice.
  EXPECT_GT(bola.placeholder_s(), 0);
  BolaBasic plain;
  EXPECT_LT(plain.choose(b.buffer(4).get()).rung, 4u);
  // The next decision, with the placeholder, stays high instead of dropping.
  bola.observe(download(4, 3e6, 3.8, 4.2));
  EXPECT_GE(bola.choose(b.buffer(4.2).last(4).get()).rung, 3u);
}

TEST(BolaE, InsufficientBufferCapBoundsTheChoice) {
  BolaE bola;
  ContextBuilder b;
  bola.observe(download(5, 20e6, 1, 1));
  // Plenty of throughput but a nearly empty buffer: the cap keeps it low.
  bola.choose(b.buffer(30).last(5).get());
  const Decision d = bola.choose(b.buffer(0.5).last(5).get());
  // 20 Mbit/s × 0.9 × (0.5 s − 80 ms latency) / 4 s = 1.89 Mbit/s → at most 1850 kbit/s.
  EXPECT_LE(d.rung, insufficient_buffer_cap(b.ladder, 20e6, 0.42, 4, 0.9).rung);
  EXPECT_LE(d.rung, 3u);
}

TEST(Dynamic, ThroughputRuleBelowTenSecondsBolaAboveWithHysteresis) {
  Dynamic dynamic;
  ContextBuilder b;
  dynamic.observe(download(1, 3e6, 2));
  dynamic.choose(b.buffer(8).get());
  EXPECT_FALSE(dynamic.using_bola());
  dynamic.choose(b.buffer(11).get());
  EXPECT_TRUE(dynamic.using_bola());
  dynamic.choose(b.buffer(6).get());  // between 5 and 10: stays with BOLA
  EXPECT_TRUE(dynamic.using_bola());
  dynamic.choose(b.buffer(4).get());
  EXPECT_FALSE(dynamic.using_bola());
}

}  // namespace
}  // namespace abr
