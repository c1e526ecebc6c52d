// The player's own log writer (player/session/event_log, summary) read back by
// the bench: the format both sides agree on, and the same QoE on both sides.
#include <gtest/gtest.h>

#include "player/session/event_log.h"
#include "player/session/summary.h"
#include "player/sim/player_log.h"
#include "support/process.h"

namespace sim {
namespace {

constexpr double kTolerance = 1e-9;
constexpr double kStartupS = 0.8;

player::SegmentRecord video_record(size_t index, size_t rung, double bitrate_bps, double rebuffer_s) {
  player::SegmentRecord r;
  r.wall_s = 1.0 + static_cast<double>(index);
  r.stream = "video";
  r.index = index;
  r.rung = rung;
  r.representation = "v" + std::to_string(rung);
  r.bitrate_bps = bitrate_bps;
  r.size_bytes = 200000 + 1000 * index;
  r.download_ms = 400;
  r.buffer_after_s = 4.0 * static_cast<double>(index + 1);
  r.media_start_s = 4.0 * static_cast<double>(index);
  r.media_duration_s = 4;
  r.rebuffer_s = rebuffer_s;
  r.abr_reason = abr::make_reason("test");
  return r;
}

TEST(PlayerLogRoundTrip, ThePlayersLogReadsBackWithTheSameQoe) {
  testing_support::ScratchDir dir("player_log_roundtrip");
  const auto path = dir / "session.jsonl";
  const std::vector<double> ladder_bps = {300000, 750000, 1200000, 1850000};
  const std::vector<std::string> ids = {"v0", "v1", "v2", "v3"};
  player::EventLog log;
  ASSERT_TRUE(log.open(path.string()).ok());
  log.event(0.01, "loaded", {{"abr", "test"}});
  const std::vector<size_t> rungs = {1, 3, 2, 2, 0, 3};
  const std::vector<double> stalls_s = {0, 0, 0.7, 0, 1.3, 0};
  for (size_t i = 0; i < rungs.size(); ++i) {
    log.segment(video_record(i, rungs[i], ladder_bps[rungs[i]], stalls_s[i]));
    auto audio = video_record(i, 0, 128000, 0);
    audio.stream = "audio";
    log.segment(audio);
    if (i == 0) log.event(kStartupS, "playing", {{"startup_s", kStartupS}});
  }
  player::SessionSummary summary = player::summarize(log.segments(), log.events(), ladder_bps, ids);
  summary.startup_s = kStartupS;
  log.summary(player::to_json(summary));

  const auto read = read_player_log(path);
  ASSERT_TRUE(read.ok()) << read.error();
  EXPECT_EQ(read->ladder_bps, ladder_bps);
  ASSERT_EQ(read->session.chunks.size(), rungs.size());
  for (size_t i = 0; i < rungs.size(); ++i) EXPECT_EQ(read->session.chunks[i].rung, rungs[i]) << i;
  const auto m = player_log_metrics(read.value());
  EXPECT_NEAR(m.qoe_lin, summary.qoe_lin, kTolerance);
  EXPECT_NEAR(m.qoe_log, summary.qoe_log, kTolerance);
  EXPECT_NEAR(m.qoe_hd, summary.qoe_hd, kTolerance);
  EXPECT_DOUBLE_EQ(m.rebuffer_s, 2.0);
  EXPECT_DOUBLE_EQ(m.startup_s, kStartupS);
}

}  // namespace
}  // namespace sim
