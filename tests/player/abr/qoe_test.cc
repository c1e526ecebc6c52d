// QoE definitions: the published constants on the reference ladder, per-chunk
// terms worked by hand, and the generalisation to other ladders.
#include <gtest/gtest.h>

#include <cmath>

#include "context_builder.h"
#include "player/abr/qoe.h"

namespace abr {
namespace {

using testing::kPensieveLadder;

TEST(Qoe, PublishedConstantsOnTheReferenceLadder) {
  const QoeScale lin = qoe_scale(QoeMetric::kLin, kPensieveLadder);
  EXPECT_EQ(lin.rebuffer_penalty, 4.3);
  EXPECT_EQ(lin.utility[2], 1.2);
  const QoeScale log = qoe_scale(QoeMetric::kLog, kPensieveLadder);
  EXPECT_EQ(log.rebuffer_penalty, 2.66);
  EXPECT_DOUBLE_EQ(log.utility[5], std::log(4300.0 / 300));
  const QoeScale hd = qoe_scale(QoeMetric::kHd, kPensieveLadder);
  EXPECT_EQ(hd.rebuffer_penalty, 8);
  EXPECT_EQ(hd.utility, (std::vector<double>{1, 2, 3, 12, 15, 20}));
}

TEST(Qoe, ChunkTermByHand) {
  const QoeScale lin = qoe_scale(QoeMetric::kLin, kPensieveLadder);
  // 2850 after 750 with a 0.5 s stall: 2.85 − 4.3 × 0.5 − 2.1 = −1.4.
  EXPECT_NEAR(chunk_qoe(lin, 4, 1, 0.5), -1.4, 1e-12);
  const QoeScale hd = qoe_scale(QoeMetric::kHd, kPensieveLadder);
  EXPECT_DOUBLE_EQ(chunk_qoe(hd, 3, 2, 0), 12 - 9);
}

TEST(Qoe, PerChunkMeanLeavesChunkZeroOut) {
  // Chunk 0 (rung 1) stalls 3 s: not counted. Chunks 1 and 2: 1200 then 1200,
  // the first switching from 750: (1.2 − 0.45 + 1.2) / 2.
  const std::vector<size_t> rungs = {1, 2, 2};
  const std::vector<double> stalls = {3, 0, 0};
  const QoeScores q = qoe_per_chunk(rungs, stalls, kPensieveLadder);
  EXPECT_NEAR(q.lin, (1.2 - 0.45 + 1.2) / 2, 1e-12);
  EXPECT_NEAR(q.hd, (3 - 1 + 3) / 2.0, 1e-12);
  EXPECT_EQ(qoe_per_chunk(std::vector<size_t>{1}, std::vector<double>{0}, kPensieveLadder).lin, 0);
}

TEST(Qoe, BitratesMapToTheNearestRung) {
  const std::vector<double> bitrates = {750e3, 1190e3, 1210e3};
  const std::vector<double> stalls = {0, 0, 0};
  const QoeScores from_bitrates = qoe_per_chunk_from_bitrates(bitrates, stalls, kPensieveLadder);
  const QoeScores from_rungs = qoe_per_chunk(std::vector<size_t>{1, 2, 2}, stalls, kPensieveLadder);
  EXPECT_DOUBLE_EQ(from_bitrates.lin, from_rungs.lin);
}

TEST(Qoe, GeneralisesToOtherLadders) {
  const std::vector<double> bbb4k = {1e6, 2.5e6, 5e6, 8e6, 16e6, 35e6};
  EXPECT_DOUBLE_EQ(rebuffer_penalty(QoeMetric::kLin, bbb4k), 35);
  EXPECT_DOUBLE_EQ(rebuffer_penalty(QoeMetric::kLog, bbb4k), 3.56);  // ln 35 = 3.555
  // Six rungs: the HD table as published; eleven rungs: interpolated by position.
  EXPECT_EQ(qoe_scale(QoeMetric::kHd, bbb4k).utility, (std::vector<double>{1, 2, 3, 12, 15, 20}));
  std::vector<double> eleven;
  for (int i = 1; i <= 11; ++i) eleven.push_back(i * 1e6);
  const auto hd = qoe_scale(QoeMetric::kHd, eleven).utility;
  EXPECT_DOUBLE_EQ(hd[0], 1);
  EXPECT_DOUBLE_EQ(hd[1], 1.5);
  EXPECT_DOUBLE_EQ(hd[6], 12);
  EXPECT_DOUBLE_EQ(hd[7], 13.5);
  EXPECT_DOUBLE_EQ(hd[10], 20);
  EXPECT_EQ(qoe_scale(QoeMetric::kHd, std::vector<double>{1e6}).utility.front(), 1);
}

}  // namespace
}  // namespace abr
