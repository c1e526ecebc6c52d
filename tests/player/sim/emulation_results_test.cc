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
  // The player's estimate for chunk 1 against its transfer (100 ms minus 20 ms to the first byte).
  const auto& predictions = e->results.at(1, 0).predictions;
  ASSERT_EQ(predictions.size(), 1u);
  EXPECT_EQ(predictions[0].segment, 1u);
  EXPECT_FLOAT_EQ(predictions[0].predicted_bps, 1e6f);
  EXPECT_FLOAT_EQ(predictions[0].actual_bps, 100000 * 8 / 0.08f);
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

TEST(EmulationResults, SessionsMissingSegmentsAreFlagged) {
  testing_support::ScratchDir dir("emulation_results_missing");
  write_log(dir.path(), "bb", "t1", fake_player_log({{0}, {1}, {1}}, kLadderBps));
  write_log(dir.path(), "dashjs", "t1", fake_player_log({{0}, {1}}, kLadderBps));  // the last one never came
  const auto e = read_emulation_results(dir.path(), kDefaultName);
  ASSERT_TRUE(e.ok()) << e.error();
  ASSERT_EQ(e->errors.size(), 1u);
  EXPECT_NE(e->errors[0].find("dashjs/t1.jsonl: missing segments: 2"), std::string::npos) << e->errors[0];
  EXPECT_TRUE(e->results.at(0, 0).ok());
  EXPECT_FALSE(e->results.at(1, 0).ok());

  // Against the presentation, every session must have all its segments.
  EmulationChecks checks;
  checks.video = VideoModel{};
  checks.video->bitrates_bps = kLadderBps;
  checks.video->segment_count = 4;
  const auto against = read_emulation_results(dir.path(), kDefaultName, checks);
  ASSERT_TRUE(against.ok()) << against.error();
  ASSERT_EQ(against->errors.size(), 2u);
  EXPECT_NE(against->errors[0].find("bb/t1.jsonl: missing segments: 3"), std::string::npos) << against->errors[0];

  // What a browser session reports missing itself.
  std::string reported = fake_player_log({{0}, {1}, {1}}, kLadderBps);
  reported.insert(reported.size() - 2, ",\"missing_segments\":[\"audio 1\"]");
  write_log(dir.path(), "dashjs", "t1", reported);
  const auto self = read_emulation_results(dir.path(), kDefaultName);
  ASSERT_TRUE(self.ok()) << self.error();
  ASSERT_EQ(self->errors.size(), 1u);
  EXPECT_NE(self->errors[0].find("dashjs/t1.jsonl: missing segments: audio 1"), std::string::npos) << self->errors[0];
}

TEST(EmulationResults, DeliveredRateIsCheckedAgainstTheTrace) {
  testing_support::ScratchDir dir("emulation_results_link");
  // Two chunks: 2 × (100 kB video + 64 kB audio) over 2.05 s busy = 1.28 Mbit/s.
  for (const char* trace : {"fast", "right"}) write_log(dir.path(), "bb", trace, fake_player_log({{0}, {1}}, kLadderBps));
  EmulationChecks checks;
  for (const auto& [name, rate_bps] : {std::pair{"right", 1.28e6}, std::pair{"fast", 2.56e6}}) {
    media::NetworkTrace t;
    t.name = name;
    t.periods = {{100, rate_bps, 0}};
    checks.traces.push_back(t);
  }
  const auto e = read_emulation_results(dir.path(), kDefaultName, checks);
  ASSERT_TRUE(e.ok()) << e.error();
  ASSERT_EQ(e->errors.size(), 1u);
  EXPECT_NE(e->errors[0].find("bb/fast.jsonl: delivered rate 0.500 of the trace's (1.280 against 2.560 Mbit/s"),
            std::string::npos)
      << e->errors[0];
  ASSERT_TRUE(e->results.at(0, 1).ok());
  EXPECT_NEAR(*e->results.at(0, 1).metrics.link_ratio, 1, 1e-9);
  ASSERT_TRUE(e->links[0].has_value());  // the failed session's check is kept for printing
  EXPECT_NEAR(e->links[0]->ratio(), 0.5, 1e-9);
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

// Players on one link: the delivered-rate check is the link's (all players'
// transfers, player k's from k × join_every_s), the other checks each log's.
TEST(EmulationResults, SharedLinkIsCheckedAsOneLinkAndEachPlayerLog) {
  testing_support::ScratchDir dir("emulation_results_shared_checks");
  for (const char* trace : {"both", "short"}) std::filesystem::create_directories(dir / "bb" / trace);
  for (const char* player : {"player0.jsonl", "player1.jsonl"})
    ASSERT_TRUE(media::write_file_atomic(dir / "bb" / "both" / player, fake_player_log({{0}, {1}}, kLadderBps)).ok());
  ASSERT_TRUE(media::write_file_atomic(dir / "bb" / "short" / "player0.jsonl", fake_player_log({{0}, {1}}, kLadderBps)).ok());
  ASSERT_TRUE(media::write_file_atomic(dir / "bb" / "short" / "player1.jsonl", fake_player_log({{0}}, kLadderBps)).ok());
  EmulationChecks checks;
  checks.join_every_s = 0;  // both started together: 2 × 1.28 Mbit/s over the same 2.05 s
  for (const char* name : {"both", "short"}) {
    media::NetworkTrace t;
    t.name = name;
    t.periods = {{100, 2.56e6, 0}};
    checks.traces.push_back(t);
  }
  checks.video = VideoModel{};
  checks.video->bitrates_bps = kLadderBps;
  checks.video->segment_count = 2;
  const auto e = read_emulation_results(dir.path(), kDefaultName, checks);
  ASSERT_TRUE(e.ok()) << e.error();
  const auto& both = e->results.at(0, 0);
  ASSERT_TRUE(both.ok()) << both.error;
  EXPECT_EQ(both.players.size(), 2u);
  EXPECT_NEAR(*both.metrics.link_ratio, 1, 1e-9);
  ASSERT_EQ(e->errors.size(), 1u);
  EXPECT_NE(e->errors[0].find("short/player1.jsonl: missing segments: 1"), std::string::npos) << e->errors[0];
  // Joined 10 s apart, the players' transfers no longer overlap: half the trace's rate over twice the time.
  checks.join_every_s = 10;
  const auto apart = read_emulation_results(dir.path(), kDefaultName, checks);
  ASSERT_TRUE(apart.ok()) << apart.error();
  ASSERT_FALSE(apart->results.at(0, 0).ok());
  EXPECT_NE(apart->results.at(0, 0).error.find("2 players on one link): delivered rate 0.500"), std::string::npos)
      << apart->results.at(0, 0).error;
}

}  // namespace
}  // namespace sim
