// The throughput rule: its choices, and the invariant that it never exceeds
// the insufficient-buffer cap.
#include <gtest/gtest.h>

#include <random>

#include "context_builder.h"
#include "player/abr/insufficient_buffer.h"
#include "player/abr/throughput_rule.h"

namespace abr {
namespace {

using testing::ContextBuilder;
using testing::download;

TEST(ThroughputRule, LowestRungBeforeAnySample) {
  ThroughputRule t;
  ContextBuilder b;
  EXPECT_EQ(t.choose(b.buffer(30).get()).rung, 0u);
}

TEST(ThroughputRule, NinetyPercentOfTheEstimateWithAFullBuffer) {
  ThroughputRule t;
  t.observe(download(1, 3.2e6, 4));  // 3.2 Mbit/s; latency 80 ms
  ContextBuilder b;
  // 0.9 × 3.2 = 2.88 Mbit/s; 0.08 + 4 × 2.85 / 2.88 = 4.04 > 4 → 1850.
  const Decision d = t.choose(b.buffer(60).get());
  EXPECT_EQ(d.rung, 3u);
  EXPECT_NEAR(d.estimate_bps, 3.2e6, 1);
  EXPECT_FALSE(d.reason_text().empty());
}

TEST(ThroughputRule, StalledMeansLowest) {
  ThroughputRule t;
  t.observe(download(1, 10e6, 4));
  ContextBuilder b;
  b.ctx.state = PlaybackState::kStalled;
  EXPECT_EQ(t.choose(b.buffer(0).get()).rung, 0u);
}

TEST(ThroughputRule, NeverAboveTheInsufficientBufferCap) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> rate(0.2e6, 8e6), buffer(0, 30), seconds(0.5, 8);
  ThroughputRule t;
  ContextBuilder b;
  for (int i = 0; i < 2000; ++i) {
    t.observe(download(1, rate(rng), seconds(rng)));
    const AbrContext& ctx = b.buffer(buffer(rng)).get();
    const Decision d = t.choose(ctx);
    // The loosest cap the rule ever uses: factor 0.9, latency ignored.
    const BufferCap cap = insufficient_buffer_cap(ctx.bitrates_bps, t.estimate_bps(), ctx.buffer_s, 4, 0.9);
    EXPECT_LE(d.rung, cap.rung) << "buffer " << ctx.buffer_s << " estimate " << t.estimate_bps();
    if (i > 10) {  // by then the factor has decayed to 0.5
      const BufferCap tight = insufficient_buffer_cap(ctx.bitrates_bps, t.estimate_bps(), ctx.buffer_s, 4, 0.5);
      EXPECT_LE(d.rung, tight.rung);
    }
  }
}

TEST(ThroughputRule, AbandonsADownloadThatWouldTakeTooLong) {
  ThroughputRule t;
  t.observe(download(4, 4e6, 4));
  ContextBuilder b;
  const AbrContext& ctx = b.buffer(8).get();
  // Rung 5 (4300 kbit/s, 2.15 MB) at 1 Mbit/s: 1 s gave 125 kB; 16 s to go.
  DownloadProgress p{5, 4300e3 * 4 / 8, 125e3, 1.08, 0.08, 7};
  auto to = t.should_abandon(p, ctx);
  ASSERT_TRUE(to.has_value());
  EXPECT_LT(*to, 5u);
  // The same download going fast is left alone.
  DownloadProgress fast{5, 4300e3 * 4 / 8, 1.5e6, 1.08, 0.08, 7};
  EXPECT_FALSE(t.should_abandon(fast, ctx).has_value());
}

}  // namespace
}  // namespace abr
