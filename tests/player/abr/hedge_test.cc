// hedge, the default algorithm: prediction, hedging, planning choices on
// hand-made contexts, quality awareness, abandonment.
#include <gtest/gtest.h>

#include "context_builder.h"
#include "player/abr/hedge.h"

namespace abr {
namespace {

using testing::ContextBuilder;
using testing::download;

TEST(Hedge, LowestRungBeforeAnySample) {
  Hedge h;
  ContextBuilder b;
  b.ctx.state = PlaybackState::kStartup;
  const Decision d = h.choose(b.nominal_sizes(6).buffer(0).get());
  EXPECT_EQ(d.rung, 0u);
  EXPECT_EQ(d.estimate_bps, 0);
}

TEST(Hedge, RateLeavesTheLatencyOutAndLatencyIsAveraged) {
  Hedge h;
  SegmentResult r;
  r.size_bytes = 1e6;
  r.download_s = 2;
  r.ttfb_s = 0.5;
  h.observe(r);
  EXPECT_DOUBLE_EQ(h.rate_bytes_per_s(), 0.5e6);  // 1 MB over 2 s of transfer
  EXPECT_DOUBLE_EQ(h.latency_s(), 0.5);
}

TEST(Hedge, AnErrorInEitherDirectionHedgesTheRate) {
  Hedge down, up;
  down.observe(download(1, 2e6, 2));
  down.observe(download(1, 1e6, 2));  // predicted 2, got 1: error 1
  up.observe(download(1, 2e6, 2));
  up.observe(download(1, 4e6, 2));  // predicted 2, got 4: error 0.5
  // harmonic means: {2,1} → 4/3, {2,4} → 8/3 (Mbit/s); divided by 2 and 1.5.
  EXPECT_NEAR(down.estimate_bps(), 4e6 / 3 / 2, 1);
  EXPECT_NEAR(up.estimate_bps(), 8e6 / 3 / 1.5, 1);
}

TEST(Hedge, ErrorsAreRememberedForTwoHorizons) {
  Hedge h(HedgeOptions{.horizon = 2, .sample_window = 1});
  h.observe(download(1, 2e6, 2));
  h.observe(download(1, 1e6, 2));  // error 1
  for (int i = 0; i < 3; ++i) h.observe(download(1, 1e6, 2));
  EXPECT_NEAR(h.estimate_bps(), 1e6 / 2, 1);  // 4 errors kept: the 1 is still there
  h.observe(download(1, 1e6, 2));
  EXPECT_NEAR(h.estimate_bps(), 1e6, 1);  // now forgotten
}

TEST(Hedge, StableFastLinkWithBufferGoesToTheTop) {
  Hedge h;
  for (int i = 0; i < 5; ++i) h.observe(download(4, 20e6, 1));
  ContextBuilder b;
  EXPECT_EQ(h.choose(b.nominal_sizes(6).buffer(20).last(4).get()).rung, 5u);
}

TEST(Hedge, SlowLinkAndLittleBufferStaysLow) {
  Hedge h;
  for (int i = 0; i < 5; ++i) h.observe(download(1, 0.5e6, 4));
  ContextBuilder b;
  EXPECT_EQ(h.choose(b.nominal_sizes(6).buffer(3).last(1).get()).rung, 0u);
}

TEST(Hedge, PlansWithTheRealSizesOfTheNextSegments) {
  // 2 Mbit/s steady link, 6 s of buffer. With nominal sizes the top rung
  // (4300 kbit/s: 8.6 s per segment) stalls; if the next segments are tiny
  // at every rung it does not, and hedge takes it.
  Hedge nominal, tiny;
  for (Hedge* h : {&nominal, &tiny})
    for (int i = 0; i < 5; ++i) h->observe(download(2, 2e6, 4));
  ContextBuilder b;
  EXPECT_LT(nominal.choose(b.nominal_sizes(6).buffer(6).last(3).get()).rung, 5u);
  for (double& s : b.sizes) s /= 20;
  EXPECT_EQ(tiny.choose(b.buffer(6).last(3).get()).rung, 5u);
}

TEST(Hedge, LastSegmentDoesNotGoUpForNothing) {
  // On the last segment going up gains exactly its switching cost.
  Hedge h;
  for (int i = 0; i < 5; ++i) h.observe(download(2, 20e6, 1));
  ContextBuilder b;
  b.ctx.segments_remaining = 1;
  EXPECT_EQ(h.choose(b.nominal_sizes(1).buffer(30).last(2).get()).rung, 2u);
}

TEST(Hedge, UsesPsnrWhenKnown) {
  // Same link and buffer. By bitrate the top rung wins; the quality table of
  // these segments says nothing looks better than rung 2 (say, a still
  // picture), and with PSNR known hedge does not spend bits for nothing.
  Hedge by_bitrate, by_quality;
  for (Hedge* h : {&by_bitrate, &by_quality})
    for (int i = 0; i < 5; ++i) h->observe(download(3, 8e6, 2));
  ContextBuilder b;
  b.nominal_sizes(6);
  EXPECT_EQ(by_bitrate.choose(b.buffer(12).last(3).get()).rung, 5u);
  for (size_t k = 0; k < 6; ++k)
    for (double q : {30.0, 36.0, 44.0, 44.0, 44.0, 44.0}) b.quality.push_back(q);
  EXPECT_EQ(by_quality.choose(b.buffer(12).last(3).get()).rung, 2u);
}

TEST(Hedge, IgnoresPsnrThatFallsWithTheRung) {
  // x264 scores each rung at its own resolution: here the small rungs score
  // higher, which says nothing about what the viewer sees. Hedge keeps to the
  // bitrate and takes the top rung, as without PSNR.
  Hedge h;
  for (int i = 0; i < 5; ++i) h.observe(download(3, 8e6, 2));
  ContextBuilder b;
  b.nominal_sizes(6);
  for (size_t k = 0; k < 6; ++k)
    for (double q : {46.0, 45.5, 45.0, 44.0, 43.0, 42.0}) b.quality.push_back(q);
  EXPECT_EQ(h.choose(b.buffer(12).last(3).get()).rung, 5u);
}

TEST(Hedge, AbandonsWhenCarryingOnStallsLongerThanRestartingLow) {
  Hedge h;
  for (int i = 0; i < 5; ++i) h.observe(download(4, 3e6, 3.8));
  ContextBuilder b;
  const AbrContext& ctx = b.nominal_sizes(6).buffer(3).last(4).get();
  // Rung 5 (2.15 MB) at 0.4 Mbit/s: 1 s gave 50 kB, 43 s to go with 3 s of buffer.
  DownloadProgress slow{5, 4300e3 * 4 / 8, 50e3, 1.08, 0.08, 3};
  auto to = h.should_abandon(slow, ctx);
  ASSERT_TRUE(to.has_value());
  EXPECT_EQ(*to, 0u);  // 150 kB at 0.4 Mbit/s: 3 s + latency, the least stall
  // The same download nearly done is finished.
  DownloadProgress almost{5, 4300e3 * 4 / 8, 2.1e6, 1.08, 0.08, 3};
  EXPECT_FALSE(h.should_abandon(almost, ctx).has_value());
  // Never before the first segment plays.
  b.ctx.state = PlaybackState::kStartup;
  EXPECT_FALSE(h.should_abandon(slow, b.get()).has_value());
}

}  // namespace
}  // namespace abr
