// The insufficient-buffer cap and the ladder helpers.
#include <gtest/gtest.h>

#include "context_builder.h"
#include "player/abr/insufficient_buffer.h"
#include "player/abr/ladder.h"

namespace abr {
namespace {

using testing::kPensieveLadder;

TEST(InsufficientBuffer, CapIsEstimateTimesFactorTimesBufferInSegments) {
  // 4 Mbit/s × 0.5 × 6 s / 4 s = 3 Mbit/s → rung 4 (2850).
  const BufferCap cap = insufficient_buffer_cap(kPensieveLadder, 4e6, 6, 4);
  EXPECT_DOUBLE_EQ(cap.max_bitrate_bps, 3e6);
  EXPECT_EQ(cap.rung, 4u);
  EXPECT_EQ(min_rung(5, cap), 4u);
  EXPECT_EQ(min_rung(2, cap), 2u);
}

TEST(InsufficientBuffer, EmptyBufferAllowsOnlyTheLowestRung) {
  EXPECT_EQ(insufficient_buffer_cap(kPensieveLadder, 1e9, 0, 4).rung, 0u);
  EXPECT_EQ(insufficient_buffer_cap(kPensieveLadder, 1e9, -3, 4).max_bitrate_bps, 0);
}

TEST(Ladder, HighestRungAtMost) {
  EXPECT_EQ(highest_rung_at_most(kPensieveLadder, 0), 0u);
  EXPECT_EQ(highest_rung_at_most(kPensieveLadder, 1200e3), 2u);
  EXPECT_EQ(highest_rung_at_most(kPensieveLadder, 1199e3), 1u);
  EXPECT_EQ(highest_rung_at_most(kPensieveLadder, 1e12), 5u);
}

TEST(Ladder, RungForThroughputCountsLatencyAsDeadTime) {
  // 2 Mbit/s, 4 s segments: without latency 1850 fits (3.7 s); with 0.5 s
  // latency 0.5 + 3.7 > 4, so 1200 (0.5 + 2.4).
  EXPECT_EQ(rung_for_throughput(kPensieveLadder, 2e6, 0, 4), 3u);
  EXPECT_EQ(rung_for_throughput(kPensieveLadder, 2e6, 0.5, 4), 2u);
  EXPECT_EQ(rung_for_throughput(kPensieveLadder, 0, 0, 4), 0u);
}

}  // namespace
}  // namespace abr
