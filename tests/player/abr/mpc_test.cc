// MPC and robustMPC as algorithms: prediction, discount, the reference's
// shifted sizes, and choices on hand-made contexts.
#include <gtest/gtest.h>

#include "context_builder.h"
#include "player/abr/mpc.h"

namespace abr {
namespace {

using testing::ContextBuilder;
using testing::download;

TEST(Mpc, LowestRungBeforeAnySample) {
  Mpc mpc;
  ContextBuilder b;
  EXPECT_EQ(mpc.choose(b.nominal_sizes(6).buffer(10).last(1).get()).rung, 0u);
}

TEST(Mpc, PredictionIsBytesOverDelayInMegabytesPerSecond) {
  Mpc mpc(MpcOptions{.robust = false});
  SegmentResult r;
  r.size_bytes = 1e6;
  r.download_s = 0.92;
  r.ttfb_s = 0.08;  // delay 1000 ms → 1 MB/s
  mpc.observe(r);
  EXPECT_DOUBLE_EQ(mpc.prediction_mbyte_per_s(), 1);
  EXPECT_DOUBLE_EQ(mpc.estimate_bps(), 8e6);
}

TEST(Mpc, RobustDividesByOnePlusTheLargestError) {
  Mpc plain(MpcOptions{.robust = false}), robust(MpcOptions{.robust = true});
  for (Mpc* m : {&plain, &robust}) {
    m->observe(download(1, 2e6, 2));
    m->observe(download(1, 1e6, 2));
  }
  EXPECT_NEAR(robust.prediction_mbyte_per_s() * 2, plain.prediction_mbyte_per_s(), 0.05);
  EXPECT_LT(robust.prediction_mbyte_per_s(), plain.prediction_mbyte_per_s());
}

TEST(Mpc, PlentyOfThroughputAndBufferGoesToTheTop) {
  Mpc mpc;
  mpc.observe(download(1, 50e6, 1));
  ContextBuilder b;
  EXPECT_EQ(mpc.choose(b.nominal_sizes(6).buffer(20).last(4).get()).rung, 5u);
}

TEST(Mpc, LittleThroughputAndBufferStaysLow) {
  Mpc mpc;
  mpc.observe(download(1, 0.4e6, 4));
  ContextBuilder b;
  EXPECT_EQ(mpc.choose(b.nominal_sizes(6).buffer(2).last(0).get()).rung, 0u);
}

TEST(Mpc, ReferenceQuirkPlansWithTheSizesOneSegmentAhead) {
  // The next segment is tiny at every rung, the ones after it are huge. The
  // reference plans with the huge ones (shifted by one) and stays low; the
  // corrected planner sees the tiny one and the buffer it buys.
  ContextBuilder b;
  b.nominal_sizes(7);
  for (size_t r = 0; r < 6; ++r) b.sizes[r] = 1000;           // segment k: tiny
  for (size_t i = 6; i < b.sizes.size(); ++i) b.sizes[i] *= 4;  // k+1 ...: 4× nominal
  Mpc quirky(MpcOptions{.robust = false, .reference_quirks = true});
  Mpc fixed(MpcOptions{.robust = false, .reference_quirks = false});
  for (Mpc* m : {&quirky, &fixed}) m->observe(download(2, 2e6, 4));
  b.ctx.segments_remaining = 1;  // one segment left: the plan is that segment alone
  const AbrContext& ctx = b.buffer(3).last(2).get();
  // 1000 bytes at any rung: no stall, so no reason to drop below rung 2.
  EXPECT_GE(fixed.choose(ctx).rung, 2u);
  // Planned with the next row (4× nominal at 0.25 MB/s) only the lowest rung avoids a long stall.
  EXPECT_EQ(quirky.choose(ctx).rung, 0u);
}

TEST(Mpc, ExhaustivePeerDecidesTheSame) {
  Mpc fast, slow(MpcOptions{.robust = true, .exhaustive = true});
  ContextBuilder b;
  b.nominal_sizes(8);
  const double rates[] = {1.2e6, 0.8e6, 3e6, 2.2e6, 0.5e6, 4e6, 1.9e6, 2.7e6};
  double buffer = 4;
  size_t last = 1;
  for (double rate : rates) {
    fast.observe(download(last, rate, 3));
    slow.observe(download(last, rate, 3));
    const AbrContext& ctx = b.buffer(buffer).last(last).get();
    const size_t a = fast.choose(ctx).rung;
    EXPECT_EQ(a, slow.choose(ctx).rung);
    last = a;
    buffer += 2.5;
  }
  EXPECT_LT(fast.leaves_evaluated(), slow.leaves_evaluated());
}

}  // namespace
}  // namespace abr
