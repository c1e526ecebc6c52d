// Live end to end with the real binaries on loopback: dash-package --live
// (test source, one small rung, 1 s segments) writing into a directory that
// dash-origin serves, and dash-player --headless --no-decode following it.
// The player must never ask for a segment that is not there yet (no 404 in
// the origin's access log), must report its latency, and must play to the
// end and exit 0 when the packager is stopped (the MPD turns static). How
// close it holds the edge is tested in virtual time (live_player_test.cc).
// With CMAF chunks the player must play each chunk as it arrives, below the
// one-and-a-half segments that whole segments need, and measure the link by
// the chunks' bursts rather than by the encoder's pace.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <future>
#include <thread>

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

class LiveOrigin : public ::testing::Test {
 protected:
  // Added to the packager's command line.
  virtual std::vector<std::string> packager_options() const { return {}; }

  void SetUp() override {
    dir_ = std::make_unique<ScratchDir>("live-origin");
    out_ = dir_->path() / "root" / "live";
    std::filesystem::create_directories(out_);
    std::vector<std::string> command{binary("packager/dash-package"), "--test-source", "live", "--test-source-size",
                                     "320x180", "--ladder", "320x180@500k", "--segment-duration", "1", "-q", "-o",
                                     out_.string()};
    for (const auto& o : packager_options()) command.push_back(o);
    packager_ = std::make_unique<ServerProcess>(command, dir_->path().string(), "packager");
    origin_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{binary("origin/dash-origin"), "--root", (dir_->path() / "root").string(), "--port",
                                 "0", "--access-log", access_log().string()},
        dir_->path().string(), "origin");
    auto url = origin_->wait_for_url();
    ASSERT_TRUE(url) << origin_->stderr_text();
    mpd_url_ = *url + "/live/manifest.mpd";
    // The first MPD appears once the first segment is complete.
    for (int i = 0; i < 100 && !std::filesystem::exists(out_ / "manifest.mpd"); ++i) std::this_thread::sleep_for(100ms);
    ASSERT_TRUE(std::filesystem::exists(out_ / "manifest.mpd")) << packager_->stderr_text();
  }

  std::filesystem::path access_log() const { return dir_->path() / "access.log"; }
  std::filesystem::path player_log() const { return dir_->path() / "player.jsonl"; }
  std::string player(const std::string& args, bool decode = false) const {
    return "timeout 60 " + shell_quote(binary("player/dash-player")) + " " + shell_quote(mpd_url_) + " --headless " +
           (decode ? "" : "--no-decode ") + "--log " + shell_quote(player_log().string()) + " " + args;
  }
  // Media requests the origin answered 404 (segments.json is optional).
  std::vector<std::string> not_found() const {
    std::vector<std::string> out;
    std::ifstream in(access_log());
    for (std::string line; std::getline(in, line);)
      if (line.find(" 404 ") != std::string::npos && line.find("segments.json") == std::string::npos) out.push_back(line);
    return out;
  }

  std::unique_ptr<ScratchDir> dir_;
  std::filesystem::path out_;
  std::unique_ptr<ServerProcess> packager_, origin_;
  std::string mpd_url_;
};

TEST_F(LiveOrigin, FollowsTheLiveEdgeWithoutA404AndReportsTheLatency) {
  auto r = run_command(player("--duration 6"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("live latency"), std::string::npos) << r.output;
  auto lines = log_lines(player_log());
  ASSERT_FALSE(lines.empty());
  const json& summary = lines.back();
  ASSERT_EQ(summary.value("type", ""), "summary");
  ASSERT_TRUE(summary.contains("live")) << summary.dump();
  EXPECT_TRUE(summary["live"]["latency_p50_s"].is_number()) << summary.dump();
  // Every segment carries a prft: the latency from capture to display is
  // measured too, and agrees with the MPD's timeline (the packager's
  // availabilityStartTime is its capture clock) within the encoding delay.
  ASSERT_TRUE(summary["live"]["prft_latency_p50_s"].is_number()) << summary.dump();
  const double from_prft = summary["live"]["prft_latency_p50_s"].get<double>();
  const double from_edge = summary["live"]["latency_p50_s"].get<double>();
  EXPECT_GT(from_prft, 0) << summary.dump();
  EXPECT_NEAR(from_prft, from_edge, 1.0) << summary.dump();
  EXPECT_GE(summary["video_segments"].get<int>(), 3);
  EXPECT_EQ(summary["skipped_segments"].get<int>(), 0);
  const auto missing = not_found();
  EXPECT_TRUE(missing.empty()) << missing.front();
  EXPECT_EQ(packager_->stop(SIGINT, 15s), 0) << packager_->stderr_text();
}

TEST_F(LiveOrigin, PlaysToTheEndAndExitsZeroWhenThePackagerStops) {
  auto playing = std::async(std::launch::async, [&] { return run_command(player("")); });
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(packager_->stop(SIGINT, 15s), 0) << packager_->stderr_text();
  auto r = playing.get();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  bool turned_static = false, ended = false;
  for (const auto& e : log_lines(player_log())) {
    turned_static |= e.value("event", "") == "mpd_refresh" && e.value("static", false);
    ended |= e.value("event", "") == "ended";
  }
  EXPECT_TRUE(turned_static);
  EXPECT_TRUE(ended);
  const auto missing = not_found();
  EXPECT_TRUE(missing.empty()) << missing.front();
}

class LiveOriginChunked : public LiveOrigin {
 protected:
  // 1 s segments of four chunks; the packager's target latency is 1 s.
  std::vector<std::string> packager_options() const override { return {"--chunk-duration", "0.25"}; }
};

TEST_F(LiveOriginChunked, PlaysEachChunkAsItArrivesBelowOneSegmentOfLatency) {
  auto r = run_command(player("--duration 6", /*decode=*/true));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto lines = log_lines(player_log());
  ASSERT_FALSE(lines.empty());
  const json& summary = lines.back();
  ASSERT_EQ(summary.value("type", ""), "summary");
  // Whole segments could not play below 1.5 s (the target would be raised).
  EXPECT_DOUBLE_EQ(summary["live"]["target_latency_s"].get<double>(), 1.0) << summary.dump();
  EXPECT_LT(summary["live"]["latency_p50_s"].get<double>(), 1.25) << summary.dump();
  EXPECT_GT(summary["frames_decoded"].get<int>(), 60) << summary.dump();
  int video = 0, chunked = 0;
  std::vector<double> throughput;
  for (const auto& e : lines) {
    if (e.value("event", "") == "live") {
      EXPECT_TRUE(e.value("chunk_appends", false)) << e.dump();
    }
    if (e.value("type", "") != "segment" || e.value("stream", "") != "video") continue;
    ++video;
    if (e.value("chunks", 0) >= 2) {
      ++chunked;
      throughput.push_back(e["throughput_bps"].get<double>());
    }
  }
  EXPECT_GE(video, 3);
  EXPECT_EQ(chunked, video);
  // On loopback the chunks come far faster than the 500 kbit/s the encoder
  // makes them at, which is all the whole response would show.
  ASSERT_FALSE(throughput.empty());
  std::sort(throughput.begin(), throughput.end());
  EXPECT_GT(throughput[throughput.size() / 2], 10e6);
  const auto missing = not_found();
  EXPECT_TRUE(missing.empty()) << missing.front();
  EXPECT_EQ(packager_->stop(SIGINT, 15s), 0) << packager_->stderr_text();
}

}  // namespace
