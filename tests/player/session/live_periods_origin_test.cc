// A live input that goes away and comes back, end to end with the real
// binaries on loopback: ffmpeg sends MPEG-TS over UDP to dash-package --live,
// which starts a new Period when the input returns; dash-origin serves the
// directory; dash-player --headless (decoding) follows the edge. The player
// must move on into the second Period, wait out the outage without a stall
// longer than it, and on Ctrl-C to the packager (a static MPD of two
// Periods) play to the end and exit 0. Real time, about 15 s.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <future>
#include <set>
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

constexpr double kClipS = 4;           // each time the input is there
constexpr auto kAway = 2500ms;         // silence between the two sends
constexpr double kStallTimeoutS = 1;   // the packager ends the Period after this much silence

TEST(LivePeriodsOrigin, PlaysOnIntoTheNextPeriodAfterTheInputCameBackAndEndsOnCtrlC) {
  ScratchDir dir("live-periods-origin");
  const auto out = dir.path() / "root" / "live";
  std::filesystem::create_directories(out);
  const auto clip = dir.path() / "clip.ts";
  auto made = run_command("ffmpeg -v error -y -f lavfi -i testsrc2=size=320x180:rate=30 -f lavfi -i sine=frequency=500 -t " +
                          std::to_string(kClipS) + " -c:v libx264 -preset ultrafast -g 30 -c:a aac -f mpegts " +
                          shell_quote(clip.string()));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const int port = testing_support::free_udp_port();
  ASSERT_GT(port, 0);
  ServerProcess packager({binary("packager/dash-package"), "--live", "udp://127.0.0.1:" + std::to_string(port),
                          "--segment-duration", "1", "--stall-timeout", std::to_string(kStallTimeoutS), "-q", "-o",
                          out.string()},
                         dir.path().string(), "packager");
  const auto access_log = dir.path() / "access.log";
  ServerProcess origin({binary("origin/dash-origin"), "--root", (dir.path() / "root").string(), "--port", "0",
                        "--access-log", access_log.string()},
                       dir.path().string(), "origin");
  auto url = origin.wait_for_url();
  ASSERT_TRUE(url) << origin.stderr_text();
  std::this_thread::sleep_for(500ms);  // the packager listens
  const std::string send = "ffmpeg -v error -re -i " + shell_quote(clip.string()) +
                           " -c copy -f mpegts udp://127.0.0.1:" + std::to_string(port) + "?pkt_size=1316";

  auto first_send = std::async(std::launch::async, [&] { return run_command(send); });
  for (int i = 0; i < 100 && !std::filesystem::exists(out / "manifest.mpd"); ++i) std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(std::filesystem::exists(out / "manifest.mpd")) << packager.stderr_text();
  const auto player_log = dir.path() / "player.jsonl";
  auto playing = std::async(std::launch::async, [&] {
    return run_command("timeout 60 " + shell_quote(binary("player/dash-player")) + " " +
                       shell_quote(*url + "/live/manifest.mpd") + " --headless --log " +
                       shell_quote(player_log.string()));
  });
  ASSERT_EQ(first_send.get().exit_code, 0);
  std::this_thread::sleep_for(kAway);  // the Period ends after kStallTimeoutS of it
  ASSERT_EQ(run_command(send).exit_code, 0);
  std::this_thread::sleep_for(1500ms);  // the last segments reach the player
  ASSERT_TRUE(packager.running()) << packager.stderr_text();
  EXPECT_EQ(packager.stop(SIGINT, 15s), 0) << packager.stderr_text();

  auto r = playing.get();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::set<size_t> periods_played;
  bool entered_second = false, turned_static = false, ended = false;
  double longest_stall_s = 0;
  json summary;
  for (const auto& e : log_lines(player_log)) {
    if (e.value("type", "") == "segment" && e.value("stream", "") == "video" && !e.value("skipped", false))
      periods_played.insert(e["period"].get<size_t>());
    const std::string event = e.value("event", "");
    entered_second |= event == "period" && e["period"].get<size_t>() == 1;
    turned_static |= event == "mpd_refresh" && e.value("static", false);
    ended |= event == "ended";
    if (event == "stall_end") longest_stall_s = std::max(longest_stall_s, e["duration_s"].get<double>());
    if (e.value("type", "") == "summary") summary = e;
  }
  EXPECT_EQ(periods_played, (std::set<size_t>{0, 1})) << r.output;
  EXPECT_TRUE(entered_second);
  EXPECT_TRUE(turned_static);
  EXPECT_TRUE(ended);
  // Media stopped for the outage; the stall may last that long (plus the
  // first segment of the new Period), never more.
  const double away_s = std::chrono::duration<double>(kAway).count();
  EXPECT_LE(longest_stall_s, away_s + kStallTimeoutS + 2) << summary.dump();
  EXPECT_EQ(summary.value("skipped_segments", -1), 0) << summary.dump();
  // No segment asked for before it existed.
  std::ifstream in(access_log);
  for (std::string line; std::getline(in, line);)
    EXPECT_TRUE(line.find(" 404 ") == std::string::npos || line.find("segments.json") != std::string::npos) << line;
}

}  // namespace
