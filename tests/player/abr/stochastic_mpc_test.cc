// smpc, the default algorithm: its choices on hand-made contexts, what a
// volatile link changes, quality awareness and abandonment.
#include <gtest/gtest.h>

#include "context_builder.h"
#include "player/abr/stochastic_mpc.h"

namespace abr {
namespace {

using testing::ContextBuilder;
using testing::download;

TEST(StochasticMpc, LowestRungBeforeAnySample) {
  StochasticMpc s;
  ContextBuilder b;
  b.ctx.state = PlaybackState::kStartup;
  const Decision d = s.choose(b.nominal_sizes(16).buffer(0).get());
  EXPECT_EQ(d.rung, 0u);
  EXPECT_EQ(d.estimate_bps, 0);
}

TEST(StochasticMpc, SteadyFastLinkWithBufferGoesToTheTop) {
  StochasticMpc s;
  for (int i = 0; i < 10; ++i) s.observe(download(4, 20e6, 1));
  ContextBuilder b;
  EXPECT_EQ(s.choose(b.nominal_sizes(16).buffer(20).last(4).get()).rung, 5u);
}

TEST(StochasticMpc, SlowLinkAndLittleBufferStaysLow) {
  StochasticMpc s;
  for (int i = 0; i < 10; ++i) s.observe(download(1, 0.5e6, 4));
  ContextBuilder b;
  EXPECT_EQ(s.choose(b.nominal_sizes(16).buffer(3).last(1).get()).rung, 0u);
}

TEST(StochasticMpc, AVolatileLinkIsPlannedMoreCarefully) {
  // Both links average about 3 Mbit/s at the last sample; one has been
  // steady, the other swung between 1.5 and 6 Mbit/s. With 8 s of buffer the
  // steady one takes a higher rung.
  StochasticMpc steady, swinging;
  for (int i = 0; i < 12; ++i) {
    steady.observe(download(3, 3e6, 2.5));
    swinging.observe(download(3, i % 2 ? 3e6 : (i % 4 ? 1.5e6 : 6e6), 2.5));
  }
  ContextBuilder b;
  const AbrContext& ctx = b.nominal_sizes(16).buffer(8).last(3).get();
  EXPECT_GT(steady.choose(ctx).rung, swinging.choose(ctx).rung);
}

TEST(StochasticMpc, LastSegmentDoesNotGoUpForNothing) {
  StochasticMpc s;
  for (int i = 0; i < 10; ++i) s.observe(download(2, 20e6, 1));
  ContextBuilder b;
  b.ctx.segments_remaining = 1;
  EXPECT_EQ(s.choose(b.nominal_sizes(1).buffer(30).last(2).get()).rung, 2u);
}

TEST(StochasticMpc, UsesPsnrWhenKnown) {
  // The quality table says nothing looks better than rung 2 (a still
  // picture): with PSNR known smpc does not spend bits for nothing.
  StochasticMpc by_bitrate, by_quality;
  for (StochasticMpc* s : {&by_bitrate, &by_quality})
    for (int i = 0; i < 10; ++i) s->observe(download(3, 8e6, 2));
  ContextBuilder b;
  b.nominal_sizes(16);
  EXPECT_EQ(by_bitrate.choose(b.buffer(12).last(3).get()).rung, 5u);
  for (size_t k = 0; k < 16; ++k)
    for (double q : {30.0, 36.0, 44.0, 44.0, 44.0, 44.0}) b.quality.push_back(q);
  EXPECT_EQ(by_quality.choose(b.buffer(12).last(3).get()).rung, 2u);
}

TEST(StochasticMpc, AbandonsWhenCarryingOnStallsLongerThanRestartingLow) {
  StochasticMpc s;
  for (int i = 0; i < 5; ++i) s.observe(download(4, 3e6, 3.8));
  ContextBuilder b;
  const AbrContext& ctx = b.nominal_sizes(16).buffer(3).last(4).get();
  // Rung 5 (2.15 MB) at 0.4 Mbit/s: 1 s gave 50 kB, 43 s to go with 3 s of buffer.
  DownloadProgress slow{5, 4300e3 * 4 / 8, 50e3, 1.08, 0.08, 3};
  auto to = s.should_abandon(slow, ctx);
  ASSERT_TRUE(to.has_value());
  EXPECT_EQ(*to, 0u);
  DownloadProgress almost{5, 4300e3 * 4 / 8, 2.1e6, 1.08, 0.08, 3};
  EXPECT_FALSE(s.should_abandon(almost, ctx).has_value());
}

}  // namespace
}  // namespace abr
