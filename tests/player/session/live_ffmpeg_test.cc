// dash-player on FFmpeg's low-latency live DASH (-f dash -streaming 1 -ldash 1,
// CMAF fragments of 0.25 s in 1 s segments), uploaded with PUT to
// scripts/live-upload-sink.py and served by the real dash-origin, as
// bench-live.sh runs the peer. The player must follow another packager's
// dynamic MPD ($Number$ template, ServiceDescription, UTCTiming, chunked
// segments) without a skipped segment, playing chunks as they arrive when
// the MPD says they are there.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <iterator>
#include <thread>

#include "support/net.h"
#include "live_e2e.h"
#include "support/process.h"
#include "support/server_process.h"

namespace {

using namespace std::chrono_literals;
using live_e2e::binary;
using live_e2e::log_lines;
using nlohmann::json;
using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::ServerProcess;
using testing_support::shell_quote;

// Runs FFmpeg's live DASH (with `ffmpeg_options` added) through the upload
// sink and dash-origin, then dash-player for 6 s; returns its --log lines.
std::vector<json> play_ffmpeg_live(const std::vector<std::string>& ffmpeg_options) {
  ScratchDir dir("live-ffmpeg");
  const auto root = dir.path() / "root";
  std::filesystem::create_directories(root);
  ServerProcess origin({binary("origin/dash-origin"), "--root", root.string(), "--port", "0", "--access-log", "off"},
                       dir.path().string(), "origin");
  const auto url = origin.wait_for_url();
  EXPECT_TRUE(url) << origin.stderr_text();
  const int sink_port = testing_support::free_port();
  if (!url || sink_port <= 0) return {};
  ServerProcess sink({"python3", std::string(DS_SOURCE_DIR) + "/scripts/live-upload-sink.py", root.string(),
                      std::to_string(sink_port)},
                     dir.path().string(), "sink");
  EXPECT_TRUE(sink.wait_for_port(sink_port)) << sink.stderr_text();
  std::vector<std::string> command{
      "ffmpeg", "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi",
      "-i", "sine=frequency=440:sample_rate=48000", "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
      "-b:v", "300k", "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-c:a", "aac", "-b:a", "64k", "-f", "dash",
      "-streaming", "1", "-ldash", "1", "-format_options", "movflags=cmaf", "-seg_duration", "1", "-frag_type",
      "duration", "-frag_duration", "0.25", "-target_latency", "1", "-window_size", "10", "-extra_window_size", "5",
      "-utc_timing_url", *url + "/_time", "-method", "PUT"};
  command.insert(command.end(), ffmpeg_options.begin(), ffmpeg_options.end());
  command.push_back("http://127.0.0.1:" + std::to_string(sink_port) + "/ff/manifest.mpd");
  ServerProcess ffmpeg(command, dir.path().string(), "ffmpeg");
  // The player starts on FFmpeg's first MPD, which may list no segment yet
  // for a stream (SegmentTimeline): it waits for a refresh that lists them.
  const auto mpd = root / "ff" / "manifest.mpd";
  for (int i = 0; i < 150 && !std::filesystem::exists(mpd); ++i) std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(std::filesystem::exists(mpd)) << ffmpeg.stderr_text();

  const auto log = dir.path() / "player.jsonl";
  auto r = run_command("timeout 60 " + shell_quote(binary("player/dash-player")) + " " +
                       shell_quote(*url + "/ff/manifest.mpd") + " --headless --duration 6 --log " +
                       shell_quote(log.string()));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return log_lines(log);
}

int chunked_video_segments(const std::vector<json>& lines) {
  int n = 0;
  for (const auto& e : lines)
    if (e.value("type", "") == "segment" && e.value("stream", "") == "video" && e.value("chunks", 0) >= 2) ++n;
  return n;
}

void expect_played_everything(const json& summary) {
  ASSERT_EQ(summary.value("type", ""), "summary");
  EXPECT_EQ(summary["skipped_segments"].get<int>(), 0) << summary.dump();
  EXPECT_GE(summary["video_segments"].get<int>(), 3) << summary.dump();
  EXPECT_GT(summary["frames_decoded"].get<int>(), 60) << summary.dump();
}

TEST(LiveFfmpeg, PlaysANumberTemplateChunkByChunkAtItsTargetLatency) {
  // $Number$: FFmpeg signals availabilityTimeOffset, so chunks make FFmpeg's
  // 1 s ServiceDescription target reachable.
  const auto lines = play_ffmpeg_live({"-use_timeline", "0"});
  ASSERT_FALSE(lines.empty());
  expect_played_everything(lines.back());
  EXPECT_DOUBLE_EQ(lines.back()["live"]["target_latency_s"].get<double>(), 1.0) << lines.back().dump();
  EXPECT_LT(lines.back()["live"]["latency_p50_s"].get<double>(), 1.25) << lines.back().dump();
  EXPECT_GE(chunked_video_segments(lines), 3);
}

TEST(LiveFfmpeg, PlaysASegmentTimelineWholeSegmentAtATime) {
  // FFmpeg's default SegmentTimeline lists a segment once complete and says
  // no availabilityTimeOffset: whole segments, at 1.5 segments of latency.
  const auto lines = play_ffmpeg_live({});
  ASSERT_FALSE(lines.empty());
  expect_played_everything(lines.back());
  EXPECT_DOUBLE_EQ(lines.back()["live"]["target_latency_s"].get<double>(), 1.5) << lines.back().dump();
  EXPECT_EQ(chunked_video_segments(lines), 0);
}

}  // namespace
