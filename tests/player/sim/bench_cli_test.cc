// dash-abr-bench as a user runs it: outputs, and one clear line on bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "media/file_io.h"
#include "player_log_fakes.h"
#include "support/process.h"

namespace {

using testing_support::run_command;
using testing_support::shell_quote;

using testing_support::kShared;
const std::string kBench = std::string(DS_BINARY_DIR) + "/player/sim/dash-abr-bench";

TEST(BenchCli, WritesTheFourOutputs) {
  testing_support::ScratchDir dir("bench_cli");
  const auto out = dir / "out";
  const auto r = run_command(kBench + " --traces " + shell_quote(kShared + "/traces/sabre-4g-belgium") +
                             " --video " + shell_quote(kShared + "/abr-reference/sabre/bbb4k.json") +
                             " --abr bb,bola-e,default --model request --jobs 2 --subset even --out " +
                             shell_quote(out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("request model; 20 traces"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("bola-e"), std::string::npos);
  for (const char* f : {"sessions.csv", "summary.csv", "summary.json", "report.html"})
    EXPECT_TRUE(std::filesystem::is_regular_file(out / f)) << f;
  const auto summary = media::read_file(out / "summary.csv");
  ASSERT_TRUE(summary.ok());
  EXPECT_NE(summary.value().find("\nbb,,20,"), std::string::npos) << summary.value();
}

TEST(BenchCli, LiveAddsLatencyToTheTableAndFiles) {
  testing_support::ScratchDir dir("bench_cli_live");
  const auto out = dir / "out";
  const auto r = run_command(kBench + " --traces " +
                             shell_quote(kShared + "/traces/mahimahi-cellular/TMobile-LTE-short.down") + " --video " +
                             shell_quote(kShared + "/abr-reference/sabre/bbb.json") +
                             " --live --target-latency 1.5 --chunk-duration 0.5 --abr l2a,bb -q --out " +
                             shell_quote(out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("request live, target latency 1.5 s, 0.5 s chunks model; 1 traces"), std::string::npos)
      << r.output;
  for (const char* column : {"qoe_live", "lat_s", "lat_p95", "jumps"})
    EXPECT_NE(r.output.find(column), std::string::npos) << column << "\n" << r.output;
  const auto summary = media::read_file(out / "summary.csv");
  ASSERT_TRUE(summary.ok());
  EXPECT_NE(summary.value().find(",latency_mean_s,latency_p95_s,qoe_live,live_jumps,"), std::string::npos)
      << summary.value();
  const auto html = media::read_file(out / "report.html");
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html.value().find("<th>QoE live</th>"), std::string::npos);
}

TEST(BenchCli, LiveOptionsFailWithOneLine) {
  const std::string traces = " --traces " + shell_quote(kShared + "/traces/sabre-example") + " --video " +
                             shell_quote(kShared + "/abr-reference/sabre/movie.json") + " --abr bb -q";
  struct Case {
    const char* args;
    const char* message;
  };
  for (const Case c : {Case{" --live --model reference", "--live needs --model request"},
                       Case{" --target-latency 2", "need --live"},
                       Case{" --live --chunk-duration 0.7", "does not divide"}}) {
    const auto r = run_command(kBench + traces + c.args);
    EXPECT_NE(r.exit_code, 0) << c.args;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.args << "\n" << r.output;
  }
}

TEST(BenchCli, OneTablePerGroupAndOneReportForAll) {
  testing_support::ScratchDir dir("bench_cli_groups");
  const auto out = dir / "out";
  const auto r = run_command(
      kBench + " --traces " + shell_quote(kShared + "/traces/sabre-example") + " --video " +
      shell_quote(kShared + "/abr-reference/sabre/movie.json") + " --group " +
      shell_quote("4g:" + kShared + "/abr-reference/sabre/bbb4k.json:" + kShared +
                  "/traces/sabre-4g-belgium/report_bus_0001.json," + kShared +
                  "/traces/sabre-4g-belgium/report_car_0001.json") +
      " --abr bb,robustmpc -q --out " + shell_quote(out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("sabre-example: movie.json"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("4g: bbb4k.json"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("reference model; 2 traces"), std::string::npos) << r.output;
  for (const char* f : {"sessions.csv", "summary.csv", "predictions.csv", "summary.json", "report.html"})
    EXPECT_TRUE(std::filesystem::is_regular_file(out / f)) << f;
  const auto summary = media::read_file(out / "summary.csv");
  ASSERT_TRUE(summary.ok());
  EXPECT_NE(summary.value().find("\nbb,,1,"), std::string::npos) << summary.value();
  EXPECT_NE(summary.value().find(",sabre-example\n"), std::string::npos) << summary.value();
  EXPECT_NE(summary.value().find("\nrobustmpc,,2,"), std::string::npos) << summary.value();
  EXPECT_NE(summary.value().find(",4g\n"), std::string::npos) << summary.value();
  const auto html = media::read_file(out / "report.html");
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html.value().find("<h2>sabre-example</h2>"), std::string::npos);
  EXPECT_NE(html.value().find("<h2>4g</h2>"), std::string::npos);
  EXPECT_NE(html.value().find("Predicted against actual throughput"), std::string::npos);
}

TEST(BenchCli, BadInputsGiveOneLineAndNonZeroExit) {
  const std::string traces = " --traces " + shell_quote(kShared + "/traces/sabre-example");
  const std::string video = " --video " + shell_quote(kShared + "/abr-reference/sabre/movie.json");
  for (const std::string& args : {traces + " --video /nonexistent", video + " --traces /nonexistent",
                                  traces + video + " --abr nope", traces + video + " --model fluid", video,
                                  std::string(" --group onlyname"), " --group a:" + kShared + "/abr-reference/sabre/movie.json:",
                                  " --group a:/nonexistent.json:" + kShared + "/traces/sabre-example"}) {
    const auto r = run_command(kBench + args);
    EXPECT_NE(r.exit_code, 0) << args;
    EXPECT_FALSE(r.output.empty()) << args;
  }
}

TEST(BenchCli, PlayersShareALinkAndBadPlayerCountsGiveOneLine) {
  testing_support::ScratchDir dir("bench_cli_players");
  const std::string base = kBench + " --traces " + shell_quote(kShared + "/traces/pensieve-train") + " --video " +
                           shell_quote(kShared + "/abr-reference/pensieve-envivio") + " --subset even -q --abr bb";
  for (const char* args : {" --model player --players 0", " --model player --players -2",
                                  " --model player --players two", " --model player --players 257",
                                  " --model player --players 2 --join-every x", " --players 2",
                                  " --model player --join-every 3"}) {
    const auto r = run_command(base + args);
    EXPECT_NE(r.exit_code, 0) << args;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << args << ": " << r.output;
    EXPECT_TRUE(r.output.starts_with("dash-abr-bench: --")) << args << ": " << r.output;
  }
  const auto out = dir / "out";
  const auto r = run_command(base + " --model player --players 2 --join-every 3 --out " + shell_quote(out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("2 players per link, player k joining at k x 3.0 s"), std::string::npos) << r.output;
  const auto players = media::read_file(out / "players.csv");
  ASSERT_TRUE(players.ok()) << players.error();
  EXPECT_NE(players.value().find("\nbb,"), std::string::npos);
  EXPECT_NE(players.value().find(",1,3.000,"), std::string::npos) << players.value().substr(0, 400);
}

TEST(BenchCli, ExplainsEveryDecisionOfOneTrace) {
  const auto r = run_command(kBench + " --traces " + shell_quote(kShared + "/traces/sabre-example") + " --video " +
                             shell_quote(kShared + "/abr-reference/sabre/movie.json") +
                             " --abr bb,robustmpc --explain network.json -q");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("# bb on network.json"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("# robustmpc on network.json"), std::string::npos);
  EXPECT_NE(r.output.find("  198 "), std::string::npos);  // the last of 199 chunks
  const auto missing = run_command(kBench + " --traces " + shell_quote(kShared + "/traces/sabre-example") +
                                   " --video " + shell_quote(kShared + "/abr-reference/sabre/movie.json") +
                                   " --abr bb --explain nope -q");
  EXPECT_NE(missing.exit_code, 0);
}

// --player-logs on a directory laid out as scripts/emulate-abr.sh writes it.
TEST(BenchCli, ReportsPlayerLogsLikeSimulatedSessions) {
  testing_support::ScratchDir dir("bench_cli_player_logs");
  const std::vector<double> ladder_bps = {300000, 750000, 1200000};
  const std::vector<std::vector<sim::testing::FakeChunk>> sessions = {{{0}, {1}, {2}}, {{1}, {1, 0.5}}, {{2}, {0}}};
  for (const std::string algorithm : {"bb", "robustmpc"}) {
    std::filesystem::create_directories(dir / "logs" / algorithm);
    for (size_t t = 0; t < sessions.size(); ++t)
      ASSERT_TRUE(media::write_file_atomic(dir / "logs" / algorithm / ("trace" + std::to_string(t) + ".jsonl"),
                                           sim::testing::fake_player_log(sessions[t], ladder_bps))
                      .ok());
  }
  const auto out = dir / "out";
  const auto r = run_command(kBench + " --player-logs " + shell_quote((dir / "logs").string()) + " --out " +
                             shell_quote(out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("emulated (player logs); 3 traces"), std::string::npos) << r.output;
  for (const char* f : {"sessions.csv", "summary.csv", "summary.json", "report.html"})
    EXPECT_TRUE(std::filesystem::is_regular_file(out / f)) << f;
  const auto summary = media::read_file(out / "summary.csv");
  ASSERT_TRUE(summary.ok());
  EXPECT_NE(summary.value().find("\nbb,,3,"), std::string::npos) << summary.value();
  EXPECT_NE(summary.value().find("\nrobustmpc,,3,"), std::string::npos) << summary.value();
  const auto sessions_csv = media::read_file(out / "sessions.csv");
  ASSERT_TRUE(sessions_csv.ok());
  // trace1: chunk 1 at 750 kbit/s with a 0.5 s stall: QoE_lin = 0.75 - 1.2 * 0.5 = 0.15.
  EXPECT_NE(sessions_csv.value().find("\nbb,trace1,1,0.150000,"), std::string::npos) << sessions_csv.value();
  const auto json = media::read_file(out / "summary.json");
  ASSERT_TRUE(json.ok());
  EXPECT_NE(json.value().find("\"model\": \"emulated\""), std::string::npos);
}

TEST(BenchCli, BadPlayerLogsGiveOneLineEachAndNonZeroExit) {
  testing_support::ScratchDir dir("bench_cli_bad_player_logs");
  std::filesystem::create_directories(dir / "bb");
  const auto empty = run_command(kBench + " --player-logs " + shell_quote(dir.path().string()));
  EXPECT_NE(empty.exit_code, 0);
  EXPECT_NE(empty.output.find("no <algorithm>/<trace>.jsonl files"), std::string::npos) << empty.output;
  ASSERT_TRUE(media::write_file_atomic(dir / "bb" / "good.jsonl", sim::testing::fake_player_log({{0}, {1}}, {1e5, 2e5})).ok());
  ASSERT_TRUE(media::write_file_atomic(dir / "bb" / "cut.jsonl", "{\"type\":\"segm").ok());
  const auto r = run_command(kBench + " --player-logs " + shell_quote(dir.path().string()) + " --out " +
                             shell_quote((dir / "out").string()));
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("cut.jsonl:1: last line is cut off"), std::string::npos) << r.output;
  EXPECT_TRUE(std::filesystem::is_regular_file(dir / "out" / "summary.csv"));  // the good session is reported
}

// With the traces and the presentation: each session checked against them,
// and the simulated algorithms on the same traces as rows "sim:NAME".
TEST(BenchCli, PlayerLogsWithTracesAndVideoAreCheckedAndSimulatedAlongside) {
  testing_support::ScratchDir dir("bench_cli_player_logs_sim");
  const std::vector<double> movie_ladder_bps = {230000, 331000, 477000, 688000, 991000,
                                                1427000, 2056000, 2962000, 5027000, 6000000};
  std::filesystem::create_directories(dir / "logs" / "dashjs");
  ASSERT_TRUE(media::write_file_atomic(dir / "logs" / "dashjs" / "network.json.jsonl",
                                       sim::testing::fake_player_log({{0}, {3}}, movie_ladder_bps))
                  .ok());
  const auto out = dir / "out";
  const auto r = run_command(kBench + " --player-logs " + shell_quote((dir / "logs").string()) + " --traces " +
                             shell_quote(kShared + "/traces/sabre-example") + " --video " +
                             shell_quote(kShared + "/abr-reference/sabre/movie.json") +
                             " --abr bb --model request --out " + shell_quote(out.string()));
  EXPECT_EQ(r.exit_code, 1) << r.output;  // the movie has more than two segments
  EXPECT_NE(r.output.find("emulated + simulated (request model)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("delivered rate: dashjs"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("dashjs/network.json.jsonl: missing segments: 2, 3"), std::string::npos) << r.output;
  const auto summary = media::read_file(out / "summary.csv");
  ASSERT_TRUE(summary.ok());
  EXPECT_NE(summary.value().find("\nsim:bb,,1,"), std::string::npos) << summary.value();
  EXPECT_NE(summary.value().find("\ndashjs,,0,"), std::string::npos) << summary.value();
  // Simulating needs both the traces and the video.
  const auto alone = run_command(kBench + " --player-logs " + shell_quote((dir / "logs").string()) + " --abr bb");
  EXPECT_NE(alone.exit_code, 0);
  EXPECT_NE(alone.output.find("needs --traces and --video"), std::string::npos) << alone.output;
}

// Players that shared a link (DIR/<algorithm>/<trace>/<player>.jsonl) with
// the checks and simulated rows: --join-every only labels the tables there.
TEST(BenchCli, SharedLinkPlayerLogsWithJoinEveryAndSimulatedRows) {
  testing_support::ScratchDir dir("bench_cli_player_logs_shared");
  const std::vector<double> movie_ladder_bps = {230000, 331000, 477000, 688000, 991000,
                                                1427000, 2056000, 2962000, 5027000, 6000000};
  const auto link = dir / "logs" / "bb" / "network.json";
  std::filesystem::create_directories(link);
  for (const char* player : {"player0.jsonl", "player1.jsonl"})
    ASSERT_TRUE(media::write_file_atomic(link / player, sim::testing::fake_player_log({{0}, {3}}, movie_ladder_bps)).ok());
  const std::string command = kBench + " --player-logs " + shell_quote((dir / "logs").string()) + " --join-every 3" +
                              " --traces " + shell_quote(kShared + "/traces/sabre-example") + " --video " +
                              shell_quote(kShared + "/abr-reference/sabre/movie.json") + " --abr bb --model player";
  const auto r = run_command(command);
  EXPECT_EQ(r.exit_code, 1) << r.output;  // the movie has more than two segments
  EXPECT_EQ(r.output.find("--join-every needs"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("emulated + simulated (player model)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("network.json/player0.jsonl: missing segments: 2, 3"), std::string::npos) << r.output;
  // --players 2: the simulated rows share each link too.
  const auto out = dir / "out";
  const auto shared = run_command(command + " --players 2 --out " + shell_quote(out.string()));
  EXPECT_EQ(shared.exit_code, 1) << shared.output;
  EXPECT_NE(shared.output.find("2 players per link, player k joining at k x 3.0 s"), std::string::npos) << shared.output;
  EXPECT_NE(shared.output.find("players.csv}"), std::string::npos) << shared.output;
  const auto summary = media::read_file(out / "summary.csv");
  ASSERT_TRUE(summary.ok());
  EXPECT_NE(summary.value().find("\nsim:bb,,1,"), std::string::npos) << summary.value();
  EXPECT_TRUE(std::filesystem::is_regular_file(out / "players.csv"));
}

TEST(BenchCli, ListsTheAlgorithms) {
  const auto r = run_command(kBench + " --list-abr");
  ASSERT_EQ(r.exit_code, 0);
  for (const char* name : {"bb", "rb", "mpc", "robustmpc", "bola", "bola-e", "dynamic", "throughput", "default"})
    EXPECT_NE(r.output.find(std::string(name) + " "), std::string::npos) << name;
}

// A session that failed (here an external program that exits) is one line on
// stderr; the table still covers the others, and the status says so.
TEST(BenchCli, AFailedSessionGivesExitStatusOne) {
  const auto r = run_command(kBench + " --traces " + shell_quote(kShared + "/traces/sabre-example") + " --video " +
                             shell_quote(kShared + "/abr-reference/pensieve-envivio") + " -q --abr " +
                             shell_quote("bb,exec:exit 3"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("(1 failed)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("dash-abr-bench: exec:exit 3: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("the program exited with status 3"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\nbb "), std::string::npos) << r.output;
}

}  // namespace
