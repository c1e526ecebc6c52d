// Session metrics on a hand-made session over Pensieve's ladder.
#include "player/sim/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "player/sim/pensieve_video.h"
#include "sim_fakes.h"

namespace sim {
namespace {

constexpr double kMetricTolerance = 1e-12;

VideoModel pensieve_ladder_video() {
  auto v = testing::constant_video(std::vector<double>(std::begin(kPensieveLadderBps), std::end(kPensieveLadderBps)), 4);
  v.quality_db.assign(v.sizes_bytes.size(), 0);
  for (size_t i = 0; i < v.quality_db.size(); ++i) v.quality_db[i] = 30 + static_cast<double>(i % v.rungs());
  return v;
}

SessionResult session(std::vector<uint32_t> rungs, std::vector<double> rebuffer_s) {
  SessionResult s;
  for (size_t i = 0; i < rungs.size(); ++i) {
    ChunkRecord c;
    c.rung = rungs[i];
    c.rebuffer_s = rebuffer_s[i];
    c.delay_s = i == 0 ? 2.5 : 1;
    s.chunks.push_back(c);
  }
  return s;
}

TEST(SessionMetrics, QoeOverChunksOneToNMinusOne) {
  const auto video = pensieve_ladder_video();
  const QoeScales scales(video);
  // Chunk 0 at 750 kbit/s; then 1200 (switch 0.45), 1200 with 1.5 s stall, 300 (switch 0.9).
  const auto m = session_metrics(session({1, 2, 2, 0}, {9, 0, 1.5, 0}), video, scales);
  EXPECT_NEAR(m.qoe_lin_sum, (1.2 - 0.45) + (1.2 - 4.3 * 1.5) + (0.3 - 0.9), kMetricTolerance);
  EXPECT_NEAR(m.qoe_lin, m.qoe_lin_sum / 3, kMetricTolerance);
  const double l4 = std::log(4.0), l25 = std::log(2.5);
  EXPECT_NEAR(m.qoe_log, ((l4 - (l4 - l25)) + (l4 - 2.66 * 1.5) + (0 - l4)) / 3, kMetricTolerance);
  EXPECT_NEAR(m.qoe_hd, ((3 - 1) + (3 - 8 * 1.5) + (1 - 2)) / 3.0, kMetricTolerance);
  EXPECT_NEAR(m.bitrate_mbps, 0.9, kMetricTolerance);
  EXPECT_DOUBLE_EQ(m.rebuffer_s, 1.5);  // chunk 0's time is start-up, not rebuffering
  EXPECT_EQ(m.rebuffer_count, 1);
  EXPECT_NEAR(m.rebuffer_ratio, 1.5 / (1.5 + 3 * 4), kMetricTolerance);
  EXPECT_EQ(m.switches, 2);
  EXPECT_NEAR(m.switch_mbps, (0.45 + 0.9) / 2, kMetricTolerance);
  EXPECT_DOUBLE_EQ(m.startup_s, 2.5);
  ASSERT_TRUE(m.psnr_db.has_value());
  EXPECT_NEAR(*m.psnr_db, (32 + 32 + 30) / 3.0, kMetricTolerance);
}

TEST(SessionMetrics, OneChunkHasOnlyAStartUp) {
  const auto video = pensieve_ladder_video();
  const auto m = session_metrics(session({3}, {0}), video, QoeScales(video));
  EXPECT_EQ(m.chunks, 1u);
  EXPECT_DOUBLE_EQ(m.startup_s, 2.5);
  EXPECT_EQ(m.qoe_lin, 0);
}

TEST(SessionMetrics, HdScoresFollowTheRungPositionOnOtherLadders) {
  // Eleven rungs: rung i sits at 5·i/10 on the 0..5 axis of 1,2,3,12,15,20.
  std::vector<double> ladder;
  for (int i = 1; i <= 11; ++i) ladder.push_back(i * 1e6);
  const auto scale = abr::qoe_scale(abr::QoeMetric::kHd, ladder);
  EXPECT_DOUBLE_EQ(scale.utility[0], 1);
  EXPECT_DOUBLE_EQ(scale.utility[1], 1.5);
  EXPECT_DOUBLE_EQ(scale.utility[6], 12);
  EXPECT_DOUBLE_EQ(scale.utility[10], 20);
  // QoE_lin's stall penalty is the top rung in Mbit/s (4.3 on Pensieve's ladder).
  EXPECT_DOUBLE_EQ(abr::qoe_scale(abr::QoeMetric::kLin, ladder).rebuffer_penalty, 11);
}

TEST(JainIndex, OneWhenEqualOneOverNWhenOneTakesAll) {
  EXPECT_DOUBLE_EQ(jain_index(std::vector<double>{2, 2, 2, 2}), 1.0);
  EXPECT_DOUBLE_EQ(jain_index(std::vector<double>{3, 0, 0, 0}), 0.25);
  EXPECT_DOUBLE_EQ(jain_index(std::vector<double>{1, 3}), 16.0 / 20.0);  // (1+3)² / (2·(1+9))
  EXPECT_DOUBLE_EQ(jain_index(std::vector<double>{}), 1.0);
}

TEST(MeanMetrics, AveragesEachFieldAndPsnrOverThoseWithIt) {
  SessionMetrics a, b;
  a.qoe_lin = 1;
  b.qoe_lin = 3;
  a.rebuffer_s = 2;
  a.psnr_db = 40;
  const auto m = mean_metrics(std::vector<SessionMetrics>{a, b});
  EXPECT_DOUBLE_EQ(m.qoe_lin, 2);
  EXPECT_DOUBLE_EQ(m.rebuffer_s, 1);
  ASSERT_TRUE(m.psnr_db.has_value());
  EXPECT_DOUBLE_EQ(*m.psnr_db, 40);
}

}  // namespace
}  // namespace sim
