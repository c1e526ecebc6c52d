// One dash-player log → the simulator's session result and metrics; bad logs → one error naming file and line.
#include "player/sim/player_log.h"

#include <gtest/gtest.h>

#include <cmath>

#include "player_log_fakes.h"

namespace sim {
namespace {

using testing::FakeChunk;
using testing::fake_player_log;
using testing::fake_segment_line;
using testing::fake_summary_line;

constexpr double kLogTolerance = 1e-9;
const std::vector<double> kLogLadderBps = {300000, 750000, 1200000};

TEST(PlayerLog, VideoSegmentsBecomeChunksInDownloadOrder) {
  const auto log = parse_player_log(fake_player_log({{0, 0, 500}, {2, 0, 2000}}, kLogLadderBps), "a.jsonl");
  ASSERT_TRUE(log.ok()) << log.error();
  EXPECT_EQ(log->ladder_bps, kLogLadderBps);
  EXPECT_EQ(log->url, "http://127.0.0.1:1/p/manifest.mpd");
  ASSERT_EQ(log->session.chunks.size(), 2u);  // audio segments are not chunks
  const auto& c = log->session.chunks[1];
  EXPECT_EQ(c.rung, 2u);
  EXPECT_DOUBLE_EQ(c.delay_s, 2.0);
  EXPECT_DOUBLE_EQ(c.transfer_s, 1.98);  // the 20 ms to the first byte left out
  EXPECT_NEAR(c.request_s, 0.5, kLogTolerance);  // t 2.5 minus its 2 s download
  EXPECT_DOUBLE_EQ(c.buffer_s, 5.0);
  EXPECT_DOUBLE_EQ(c.size_bytes, 100000);
  EXPECT_DOUBLE_EQ(log->segment_duration_s, 4.0);
  EXPECT_NEAR(log->mean_throughput_bps, 2 * 100000 * 8 / 2.5, kLogTolerance);
  ASSERT_TRUE(log->startup_s.has_value());
  EXPECT_DOUBLE_EQ(*log->startup_s, 1.5);
}

TEST(PlayerLog, QoeMatchesTheFormulasByHand) {
  // Rungs 0, 2, 1, 1; chunk 0's 3 s is start-up; 1 s stall at chunk 2.
  const auto log = parse_player_log(fake_player_log({{0, 3}, {2, 0}, {1, 1.0}, {1, 0}}, kLogLadderBps), "a.jsonl");
  ASSERT_TRUE(log.ok()) << log.error();
  const auto m = player_log_metrics(log.value());
  // lin: q = Mbit/s, μ = R_max = 1.2.
  const double lin = (1.2 - (1.2 - 0.3)) + (0.75 - 1.2 * 1.0 - (1.2 - 0.75)) + 0.75;
  EXPECT_NEAR(m.qoe_lin, lin / 3, kLogTolerance);
  // log: q = ln(R/R_min), μ = ln(1200/300) rounded to 2.
  const double l25 = std::log(2.5), l4 = std::log(4.0);
  const double log_sum = (l4 - l4) + (l25 - 1.39 * 1.0 - (l4 - l25)) + l25;
  EXPECT_NEAR(m.qoe_log, log_sum / 3, kLogTolerance);
  // HD: 3 rungs sit at 0, 2.5, 5 on the table 1, 2, 3, 12, 15, 20 → 1, 7.5, 20; μ = 8.
  const double hd = (20 - 19) + (7.5 - 8 * 1.0 - 12.5) + 7.5;
  EXPECT_NEAR(m.qoe_hd, hd / 3, kLogTolerance);
  EXPECT_NEAR(m.bitrate_mbps, (1.2 + 0.75 + 0.75) / 3, kLogTolerance);
  EXPECT_DOUBLE_EQ(m.rebuffer_s, 1.0);
  EXPECT_EQ(m.rebuffer_count, 1);
  EXPECT_EQ(m.switches, 2);
  EXPECT_NEAR(m.switch_mbps, (0.9 + 0.45) / 2, kLogTolerance);
  EXPECT_NEAR(m.rebuffer_ratio, 1.0 / (1.0 + 3 * 4), kLogTolerance);
  EXPECT_DOUBLE_EQ(m.startup_s, 1.5);  // the player's measured start-up
}

TEST(PlayerLog, StartupFallsBackToChunkZeroWhenThePlayerNeverStarted) {
  const auto log = parse_player_log(fake_player_log({{1, 0, 2500}, {1, 0}}, kLogLadderBps, "null"), "a.jsonl");
  ASSERT_TRUE(log.ok()) << log.error();
  EXPECT_FALSE(log->startup_s.has_value());
  EXPECT_DOUBLE_EQ(player_log_metrics(log.value()).startup_s, 2.5);
}

TEST(PlayerLog, AbandonEventsCountOnTheirChunkAndSkippedSegmentsAreLeftOut) {
  std::string text = fake_segment_line("video", 0, {1}, 750000, 1);
  text += "{\"type\":\"event\",\"t\":2,\"event\":\"abandon\",\"stream\":\"video\",\"index\":1,\"from_rung\":2}\n";
  text += fake_segment_line("video", 1, {0}, 300000, 3);
  std::string skipped = fake_segment_line("video", 2, {0}, 300000, 4);
  skipped.replace(skipped.find("\"skipped\":false"), 15, "\"skipped\":true");
  text += skipped + fake_summary_line(kLogLadderBps);
  const auto log = parse_player_log(text, "a.jsonl");
  ASSERT_TRUE(log.ok()) << log.error();
  ASSERT_EQ(log->session.chunks.size(), 2u);
  EXPECT_EQ(log->session.chunks[0].abandoned, 0u);
  EXPECT_EQ(log->session.chunks[1].abandoned, 1u);
  EXPECT_EQ(log->skipped_segments, 1u);
  EXPECT_EQ(player_log_metrics(log.value()).abandoned, 1);
}

TEST(PlayerLog, DashPlayerTransfersAreTheDeliveredSegmentsOfBothStreams) {
  const auto log = parse_player_log(fake_player_log({{0, 0, 500}, {2, 0, 2000}}, kLogLadderBps), "a.jsonl");
  ASSERT_TRUE(log.ok()) << log.error();
  ASSERT_EQ(log->transfers.size(), 4u);  // video and audio of two chunks
  EXPECT_NEAR(log->transfers[2].start_s, 0.5, kLogTolerance);
  EXPECT_NEAR(log->transfers[2].end_s, 2.5, kLogTolerance);
  EXPECT_DOUBLE_EQ(log->transfers[3].bytes, 64000);  // the audio segment
  EXPECT_EQ(log->video_indices, (std::vector<size_t>{0, 1}));
  EXPECT_FALSE(log->wasted_bytes.has_value());  // dash-player does not log abandoned bytes
  const auto m = player_log_metrics(log.value());
  EXPECT_FALSE(m.wasted_mb.has_value());
  EXPECT_FALSE(m.dropped_frames.has_value());
}

// What tests/interop/session-log.mjs writes for a browser session.
TEST(PlayerLog, BrowserSessionsBringEveryTransferWastedBytesAndDroppedFrames) {
  std::string text = fake_segment_line("video", 0, {0}, 300000, 1) + fake_segment_line("video", 1, {1}, 750000, 2);
  text += "{\"type\":\"download\",\"t\":0.2,\"start_s\":0,\"bytes\":2000,\"kind\":\"mpd\"}\n";
  text += "{\"type\":\"download\",\"t\":1.5,\"start_s\":0.5,\"bytes\":90000,\"kind\":\"media\",\"played\":false}\n";
  text += "{\"type\":\"download\",\"t\":1.6,\"start_s\":1.55,\"bytes\":90000,\"cached\":true}\n";
  std::string summary = fake_summary_line(kLogLadderBps);
  summary.insert(summary.size() - 2, ",\"wasted_bytes\":90000,\"frames_decoded\":240,\"frames_dropped\":3,"
                                     "\"missing_segments\":[\"audio 4\"]");
  const auto log = parse_player_log(text + summary, "b.jsonl");
  ASSERT_TRUE(log.ok()) << log.error();
  ASSERT_EQ(log->transfers.size(), 2u);  // the download records, without the cached one
  EXPECT_DOUBLE_EQ(log->transfers[1].start_s, 0.5);
  EXPECT_DOUBLE_EQ(log->transfers[1].end_s, 1.5);
  EXPECT_EQ(log->missing_segments, (std::vector<std::string>{"audio 4"}));
  const auto m = player_log_metrics(log.value());
  EXPECT_DOUBLE_EQ(*m.wasted_mb, 0.09);
  EXPECT_DOUBLE_EQ(*m.dropped_frames, 3);
}

struct BadLog {
  const char* what;
  std::string text;
  const char* expected;  // part of the error message
};

std::string without(std::string text, const std::string& field) {
  const size_t at = text.find("\"" + field + "\":");
  const size_t end = text.find(',', at);
  return text.erase(at, end - at + 1);
}

TEST(PlayerLog, BadLogsGiveOneErrorNamingFileAndLine) {
  const std::string good = fake_player_log({{0}, {1}}, kLogLadderBps);
  const std::string video0 = fake_segment_line("video", 0, {0}, 300000, 1);
  const std::string summary = fake_summary_line(kLogLadderBps);
  std::string negative_index = video0;
  negative_index.replace(negative_index.find("\"index\":0"), 9, "\"index\":-1");
  std::vector<BadLog> cases = {
      {"not JSON", video0 + "Error: connection refused\n" + summary, "x.jsonl:2: not a JSON line"},
      {"not an object", video0 + "[1,2]\n" + summary, "x.jsonl:2: not a JSON object"},
      {"no type", "{\"t\":1}\n", "x.jsonl:1: record lacks a string \"type\""},
      {"truncated", good.substr(0, good.size() - 20), "x.jsonl:6: last line is cut off"},
      {"cut between lines, no summary", video0, "x.jsonl:1: no summary line"},
      {"no video", fake_segment_line("audio", 0, {0}, 128000, 1) + summary, "x.jsonl:2: no video segment records"},
      {"empty", "", "x.jsonl: empty log"},
      {"rung outside", fake_segment_line("video", 0, {5}, 300000, 1) + summary, "x.jsonl:1: rung 5 is outside"},
      {"bitrate differs", fake_segment_line("video", 0, {1}, 800000, 1) + summary, "x.jsonl:1: rung 1 has bitrate"},
      {"ladder not ascending", video0 + fake_summary_line({750000, 300000}), "x.jsonl:2: summary ladder is not"},
      {"no ladder", video0 + "{\"type\":\"summary\"}\n", "x.jsonl:2: summary line lacks the video ladder"},
      {"bad stream", "{\"type\":\"segment\",\"stream\":3}\n", "x.jsonl:1: segment record lacks a string \"stream\""},
      {"negative index", negative_index + summary, "x.jsonl:1: segment record has a bad index"},
      {"download without start", video0 + "{\"type\":\"download\",\"t\":1,\"bytes\":5}\n" + summary,
       "x.jsonl:2: download record lacks numeric \"start_s\""},
  };
  for (const char* field : {"index", "rung", "bitrate", "download_ms", "media_duration_s", "rebuffer_s"})
    cases.push_back({field, without(video0, field) + summary, "x.jsonl:1: segment record lacks numeric"});
  cases.push_back({"string rung", video0.substr(0, video0.find("\"rung\":0")) + "\"rung\":\"0\"" +
                                      video0.substr(video0.find("\"rung\":0") + 8) + summary,
                   "x.jsonl:1: segment record lacks numeric \"rung\""});
  for (const auto& c : cases) {
    const auto log = parse_player_log(c.text, "x.jsonl");
    ASSERT_FALSE(log.ok()) << c.what;
    EXPECT_NE(log.error().message.find(c.expected), std::string::npos) << c.what << ": " << log.error().message;
    EXPECT_EQ(log.error().message.find('\n'), std::string::npos) << c.what;
  }
}

TEST(PlayerLog, MissingFileIsAnError) {
  const auto log = read_player_log("/nonexistent/dir/x.jsonl");
  ASSERT_FALSE(log.ok());
  EXPECT_NE(log.error().message.find("/nonexistent/dir/x.jsonl"), std::string::npos) << log.error().message;
}

}  // namespace
}  // namespace sim
