// A directory of dash-player logs → the bench's results; bad and missing logs fail only their session.
#include "player/sim/emulation_results.h"

#include <gtest/gtest.h>

#include <cmath>

#include "media/file_io.h"
#include "player_log_fakes.h"
#include "support/process.h"

namespace sim {
namespace {

using testing::FakeChunk;
using testing::fake_player_log;

const std::vector<double> kLadderBps = {300000, 750000, 1200000};
constexpr const char* kDefaultName = "ours";

void write_log(const std::filesystem::path& dir, const std::string& algorithm, const std::string& trace,
               const std::string& text) {
  std::filesystem::create_directories(dir / algorithm);
  ASSERT_TRUE(media::write_file_atomic(dir / algorithm / (trace + ".jsonl"), text).ok());
}

TEST(EmulationResults, EveryAlgorithmAndTraceInNameOrder) {
  testing_support::ScratchDir dir("emulation_results_order");
  const std::string slow = fake_player_log({{0, 0, 4000}, {0, 0, 4000}}, kLadderBps);  // 200 kbit/s measured
  const std::string fast = fake_player_log({{0, 0, 100}, {2, 0, 100}}, kLadderBps);    // 8 Mbit/s measured
  for (const char* algorithm : {"default", "bb"}) {
    write_log(dir.path(), algorithm, "trace-b", slow);
    write_log(dir.path(), algorithm, "trace-a", fast);
  }
  ASSERT_TRUE(media::write_file_atomic(dir / "bb" / "trace-a.err", "stderr of the player").ok());  // not a log

  const auto e = read_emulation_results(dir.path(), kDefaultName);
  ASSERT_TRUE(e.ok()) << e.error();
  EXPECT_TRUE(e->errors.empty());
  EXPECT_EQ(e->results.algorithms, (std::vector<std::string>{"bb", kDefaultName}));
  ASSERT_EQ(e->traces.size(), 2u);
  EXPECT_EQ(e->traces[0].trace.name, "trace-a");
  EXPECT_DOUBLE_EQ(e->traces[0].trace.mean_rate_bps(), 2 * 100000 * 8 / 0.2);
  EXPECT_DOUBLE_EQ(e->traces[1].trace.mean_rate_bps(), 2 * 100000 * 8 / 8.0);
  EXPECT_EQ(e->video.bitrates_bps, kLadderBps);
  EXPECT_DOUBLE_EQ(e->results.at(1, 0).metrics.bitrate_mbps, 1.2);  // trace-a's chunk 1 at the top rung
  EXPECT_DOUBLE_EQ(e->results.at(1, 1).metrics.bitrate_mbps, 0.3);
  ASSERT_EQ(e->sessions.size(), 4u);
  EXPECT_EQ(e->sessions[1 * 2 + 0].chunks.size(), 2u);

  const auto summaries = summarize(e->results);
  ASSERT_EQ(summaries.size(), 2u);
  EXPECT_EQ(summaries[1].sessions, 2u);
  const auto chosen = choose_emulated_sessions(e.value(), kDefaultName);
  ASSERT_FALSE(chosen.empty());
  ASSERT_FALSE(chosen[0].runs.empty());
  EXPECT_EQ(chosen[0].runs[0].first, kDefaultName);
}

TEST(EmulationResults, BadMissingAndMismatchedLogsFailOnlyTheirSession) {
  testing_support::ScratchDir dir("emulation_results_bad");
  const std::string good = fake_player_log({{0}, {1}}, kLadderBps);
  write_log(dir.path(), "bb", "t1", good);
  write_log(dir.path(), "bb", "t2", good);
  write_log(dir.path(), "bola", "t1", "not json\n");
  write_log(dir.path(), "dynamic", "t1", fake_player_log({{0}, {1}}, {300000, 750000}));
  write_log(dir.path(), "dynamic", "t2", good);
  const auto e = read_emulation_results(dir.path(), kDefaultName);
  ASSERT_TRUE(e.ok()) << e.error();
  ASSERT_EQ(e->errors.size(), 3u);
  EXPECT_NE(e->errors[0].find("bola/t1.jsonl:1: not a JSON line"), std::string::npos) << e->errors[0];
  EXPECT_NE(e->errors[1].find("bola/t2.jsonl: no such log"), std::string::npos) << e->errors[1];
  EXPECT_NE(e->errors[2].find("dynamic/t1.jsonl: video ladder differs"), std::string::npos) << e->errors[2];
  EXPECT_TRUE(e->results.at(0, 1).ok());
  EXPECT_FALSE(e->results.at(1, 0).ok());
  const auto summaries = summarize(e->results);
  EXPECT_EQ(summaries[0].sessions, 2u);
  EXPECT_EQ(summaries[1].failed, 2u);
  EXPECT_EQ(summaries[2].sessions, 1u);
}

TEST(EmulationResults, EmptyOrMissingOrUnreadableDirectoryIsAnError) {
  testing_support::ScratchDir dir("emulation_results_empty");
  std::filesystem::create_directories(dir / "bb");  // an algorithm directory without logs
  const auto empty = read_emulation_results(dir.path(), kDefaultName);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("no <algorithm>/<trace>.jsonl files"), std::string::npos)
      << empty.error().message;
  EXPECT_FALSE(read_emulation_results(dir / "nope", kDefaultName).ok());
  write_log(dir.path(), "bb", "t1", "{\"type\":\"segment\"");
  const auto unreadable = read_emulation_results(dir.path(), kDefaultName);
  ASSERT_FALSE(unreadable.ok());
  EXPECT_NE(unreadable.error().message.find("no readable log"), std::string::npos) << unreadable.error().message;
  EXPECT_NE(unreadable.error().message.find("t1.jsonl:1: last line is cut off"), std::string::npos);
}

// scripts/emulate-abr.sh --players-per-link N: DIR/<algorithm>/<trace>/<player>.jsonl.
TEST(EmulationResults, PlayersThatSharedALinkAreOneSessionWithTheirFairness) {
  testing_support::ScratchDir dir("emulation_results_players");
  std::filesystem::create_directories(dir / "bb" / "trace-a");
  // Chunk 1 decides the bitrate: 1.2 and 0.3 Mbit/s.
  ASSERT_TRUE(media::write_file_atomic(dir / "bb" / "trace-a" / "player0.jsonl",
                                       fake_player_log({{0}, {2}}, kLadderBps)).ok());
  ASSERT_TRUE(media::write_file_atomic(dir / "bb" / "trace-a" / "player1.jsonl",
                                       fake_player_log({{0}, {0}}, kLadderBps)).ok());
  ASSERT_TRUE(media::write_file_atomic(dir / "bb" / "trace-a" / "player1.err", "stderr").ok());
  const auto e = read_emulation_results(dir.path(), kDefaultName);
  ASSERT_TRUE(e.ok()) << e.error();
  EXPECT_TRUE(e->errors.empty());
  ASSERT_EQ(e->traces.size(), 1u);
  EXPECT_EQ(e->traces[0].trace.name, "trace-a");
  const auto& o = e->results.at(0, 0);
  ASSERT_EQ(o.players.size(), 2u);
  EXPECT_DOUBLE_EQ(o.players[0].bitrate_mbps, 1.2);
  EXPECT_DOUBLE_EQ(o.players[1].bitrate_mbps, 0.3);
  EXPECT_DOUBLE_EQ(o.metrics.bitrate_mbps, 0.75);
  EXPECT_DOUBLE_EQ(o.jain, 1.5 * 1.5 / (2 * (1.44 + 0.09)));
  EXPECT_FALSE(std::isfinite(o.utilisation));  // the trace is unknown here
  const auto summaries = summarize(e->results);
  EXPECT_EQ(summaries[0].players, 2u);
  EXPECT_NE(format_table(summaries).find("        -"), std::string::npos) << format_table(summaries);
}

}  // namespace
}  // namespace sim
