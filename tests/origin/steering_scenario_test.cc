// Content steering end to end, in real time: dash-package --pathway writes
// the MPD for two origins (alpha, beta) and a steering server (beta's
// --steering); a client that follows steering as a player would (asks
// /_steering with _DASH_pathway and _DASH_throughput, again after each TTL,
// fetches each segment from the first pathway of PATHWAY-PRIORITY, falls
// back to the next on an error) plays the presentation. Mid-session alpha
// starts failing (--faults-after): beta's steering answer moves alpha behind
// beta within its error window and a TTL, and the segments move with it.
// The test prints which pathway served which segment.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "media/mpd/reader.h"
#include "media/mpd/segments.h"
#include "media/url.h"
#include "support/net.h"
#include "support/origin_process.h"
#include "support/process.h"

namespace origin_test {
namespace {

using Clock = std::chrono::steady_clock;
using testing_support::OriginProcess;
using testing_support::run_command;
using testing_support::shell_quote;

constexpr double kSegmentS = 0.5;
constexpr int kMediaS = 12;                      // 24 segments
constexpr double kFetchIntervalS = 0.25;         // a segment every 0.25 s: the session lasts 6 s
constexpr double kFaultsAfterS = 1.5;            // alpha fails from here on
constexpr const char* kPolicy = R"({"ttl_s": 1, "probe_interval_s": 0.2, "window_s": 1, "max_error_rate": 0.2})";
// Fault start + requests enough for a verdict (4 at 4/s) + a probe + a TTL + slack.
constexpr double kMaxReactionS = 1.0 + 0.2 + 1.0 + 1.5;

struct Fetch {
  double at_s;
  size_t segment;
  std::string pathway;
  int status;
};

std::string get_text(const std::string& url, const httplib::Headers& headers = {}) {
  const media::UrlParts u = media::split_url(url);
  httplib::Client c(u.scheme + "://" + u.authority);
  c.set_read_timeout(5, 0);
  auto r = c.Get(u.path + (u.has_query ? "?" + u.query : ""), headers);
  return r && r->status == 200 ? r->body : std::string();
}

// Two origins serving one presentation: alpha, which fails 60% of segment
// requests from `faults_after_s` after it starts, and beta, the steering
// server (and a pathway too); the MPD names both pathways and beta's /_steering.
class SteeringScenario : public ::testing::Test {
 protected:
  void start(const std::string& name, double faults_after_s) {
    dir_ = std::make_unique<testing_support::ScratchDir>(name);
    const testing_support::ScratchDir& dir = *dir_;
    const int alpha_port = testing_support::free_port(), beta_port = testing_support::free_port();
    ASSERT_GT(alpha_port, 0);
    ASSERT_GT(beta_port, 0);
    alpha_ = "http://127.0.0.1:" + std::to_string(alpha_port);
    beta_ = "http://127.0.0.1:" + std::to_string(beta_port);
    const auto package = run_command(
        shell_quote((testing_support::binary_dir() / "packager/dash-package").string()) + " --test-source " +
        std::to_string(kMediaS) + " --test-source-size 320x180 --ladder 320x180@200k --segment-duration " +
        std::to_string(kSegmentS) + " --preset ultrafast -q -o " + shell_quote((dir / "root/show").string()) +
        " --pathway alpha=" + alpha_ + "/show/ --pathway beta=" + beta_ + "/show/ --steering-url " + beta_ + "/_steering");
    ASSERT_EQ(package.exit_code, 0) << package.output;
    std::ofstream(dir / "policy.json") << kPolicy;
    alpha_origin_ = std::make_unique<OriginProcess>(
        dir / "root", dir.path(),
        std::vector<std::string>{"--port", std::to_string(alpha_port), "--fail-rate", "0.6", "--faults-after",
                                 std::to_string(faults_after_s), "--seed", "3"},
        "alpha");
    ASSERT_TRUE(alpha_origin_->ok()) << alpha_origin_->error();
    alpha_started_ = Clock::now();
    beta_origin_ = std::make_unique<OriginProcess>(
        dir / "root", dir.path(),
        std::vector<std::string>{"--port", std::to_string(beta_port), "--steering", "--pathway", "alpha=" + alpha_ + "/show/",
                                 "--pathway", "beta=" + beta_ + "/show/", "--steering-policy",
                                 (dir / "policy.json").string()},
        "beta");
    ASSERT_TRUE(beta_origin_->ok()) << beta_origin_->error();
  }

  std::unique_ptr<testing_support::ScratchDir> dir_;
  std::string alpha_, beta_;  // base URLs
  std::unique_ptr<OriginProcess> alpha_origin_, beta_origin_;
  Clock::time_point alpha_started_;
};

TEST_F(SteeringScenario, AFailingPathwayIsSteeredAwayFromWithinItsWindowAndATtl) {
  ASSERT_NO_FATAL_FAILURE(start("steering-scenario", kFaultsAfterS));
  const std::string& alpha = alpha_;
  OriginProcess& beta_origin = *beta_origin_;
  const auto alpha_started = alpha_started_;

  // The player's side: the MPD from alpha, its pathways and steering server.
  const std::string mpd_url = alpha + "/show/manifest.mpd";
  auto mpd = media::parse_mpd(get_text(mpd_url));
  ASSERT_TRUE(mpd.ok()) << mpd.error();
  ASSERT_TRUE(mpd->content_steering);
  EXPECT_EQ(mpd->content_steering->default_service_location, "alpha");
  ASSERT_EQ(mpd->base_urls.size(), 2u);
  auto rep = media::resolve_representation(*mpd, 0, 0, 0, mpd_url);
  ASSERT_TRUE(rep.ok()) << rep.error();
  ASSERT_EQ(rep->segments.size(), static_cast<size_t>(kMediaS / kSegmentS));
  const std::string steering_url = media::resolve_url(mpd_url, mpd->content_steering->server_url);
  auto base_index = [&](const std::string& pathway) {
    for (size_t i = 0; i < mpd->base_urls.size(); ++i)
      if (mpd->base_urls[i].service_location == pathway) return i;
    return size_t{0};
  };

  std::vector<std::string> priority = {*mpd->content_steering->default_service_location};
  std::string reload_url = steering_url;
  double next_steering_s = 0, last_throughput_bps = 0;
  std::vector<Fetch> fetches;
  std::vector<std::pair<double, std::string>> answers;  // when each new priority arrived
  const auto t0 = Clock::now();
  const auto now_s = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  for (size_t k = 0; k < rep->segments.size(); ++k) {
    if (now_s() >= next_steering_s) {
      // _DASH_pathway is a quoted string; _DASH_throughput is in bits/s.
      const std::string query = std::string(reload_url.find('?') == std::string::npos ? "?" : "&") +
                                "_DASH_pathway=%22" + priority.front() + "%22&_DASH_throughput=" +
                                std::to_string(static_cast<uint64_t>(last_throughput_bps));
      const auto answer = nlohmann::json::parse(get_text(reload_url + query), nullptr, false);
      ASSERT_TRUE(answer.is_object()) << "the steering server did not answer";
      EXPECT_EQ(answer["VERSION"], 1);
      auto next = answer["PATHWAY-PRIORITY"].get<std::vector<std::string>>();
      if (answers.empty() || next != priority) answers.emplace_back(now_s(), next.front());
      priority = next;
      reload_url = media::resolve_url(reload_url, answer["RELOAD-URI"].get<std::string>());
      next_steering_s = now_s() + answer["TTL"].get<double>();
    }
    // The first pathway, then the others on an error.
    for (const auto& pathway : priority) {
      const auto started = Clock::now();
      const std::string url = rep->url_for(rep->segments[k].location, base_index(pathway));
      const media::UrlParts u = media::split_url(url);
      httplib::Client c(u.scheme + "://" + u.authority);
      c.set_read_timeout(5, 0);
      auto r = c.Get(u.path);
      const int status = r ? r->status : -1;
      fetches.push_back({now_s(), k, pathway, status});
      if (status == 200) {
        last_throughput_bps = static_cast<double>(r->body.size()) * 8 /
                              std::max(1e-3, std::chrono::duration<double>(Clock::now() - started).count());
        break;
      }
    }
    std::this_thread::sleep_until(t0 + std::chrono::duration<double>(kFetchIntervalS * static_cast<double>(k + 1)));
  }

  // The log: which pathway served which segment, and the steering answers.
  const double faults_at_s = kFaultsAfterS - std::chrono::duration<double>(t0 - alpha_started).count();
  std::printf("alpha fails from %.2f s on (session time)\n", faults_at_s);
  for (const auto& [at, first] : answers) std::printf("%6.2f s  steering: %s first\n", at, first.c_str());
  for (const auto& f : fetches)
    std::printf("%6.2f s  segment %2zu  %-5s  %d\n", f.at_s, f.segment + 1, f.pathway.c_str(), f.status);
  std::printf("beta's log:\n%s", beta_origin.stderr_text().c_str());

  // Before the faults, alpha served everything.
  for (const auto& f : fetches)
    if (f.at_s < faults_at_s - 0.1) {
      EXPECT_EQ(f.pathway, "alpha") << f.segment;
      EXPECT_EQ(f.status, 200) << f.segment;
    }
  // The answer moved to beta, within the reaction bound, and stayed there.
  ASSERT_GE(answers.size(), 2u);
  EXPECT_EQ(answers.front().second, "alpha");
  EXPECT_EQ(answers.back().second, "beta");
  EXPECT_GT(answers.back().first, faults_at_s);
  EXPECT_LT(answers.back().first, faults_at_s + kMaxReactionS * testing_support::timing_scale());
  // From then on, every segment came from beta, first try.
  size_t after = 0;
  for (const auto& f : fetches)
    if (f.at_s > answers.back().first) {
      ++after;
      EXPECT_EQ(f.pathway, "beta") << f.segment;
      EXPECT_EQ(f.status, 200) << f.segment;
    }
  EXPECT_GE(after, 4u);
  // Every segment was played in the end.
  size_t played = 0;
  for (const auto& f : fetches) played += f.status == 200 ? 1 : 0;
  EXPECT_EQ(played, rep->segments.size());
  // The steering server says why.
  EXPECT_NE(beta_origin.stderr_text().find("PATHWAY-PRIORITY alpha,beta -> beta,alpha"), std::string::npos);
  EXPECT_NE(beta_origin.stderr_text().find("alpha=failing"), std::string::npos);
}

// The same scenario with the real dash-player (headless, no decoding) as
// the client: it follows beta's steering server on its own and its --log
// says which pathway served each segment.
TEST_F(SteeringScenario, ThePlayerMovesToTheSteeredPathwayWithinATtl) {
  // alpha fails once the session is under way.
  constexpr double kPlayerFaultsAfterS = 3.0;
  ASSERT_NO_FATAL_FAILURE(start("steering-player", kPlayerFaultsAfterS));
  const testing_support::ScratchDir& dir = *dir_;
  const std::string& alpha = alpha_;
  OriginProcess& beta_origin = *beta_origin_;
  const auto alpha_started = alpha_started_;

  const std::string log = (dir / "player.jsonl").string();
  const auto player_started = Clock::now();
  const auto played = run_command("timeout 60 " + shell_quote((testing_support::binary_dir() / "player/dash-player").string()) +
                                   " --headless --no-decode --max-buffer 1.5 --log " + shell_quote(log) + " " +
                                   shell_quote(alpha + "/show/manifest.mpd"));
  ASSERT_EQ(played.exit_code, 0) << played.output;
  const double faults_at_s =
      kPlayerFaultsAfterS - std::chrono::duration<double>(player_started - alpha_started).count();

  std::vector<std::pair<double, std::string>> segments;  // (request time, pathway)
  double steered_to_beta_s = -1, steered_back_s = 1e9;  // beta first from .. until
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    if (j.value("type", "") == "segment" && j.value("stream", "") == "video") {
      segments.emplace_back(j.value("request_s", 0.0), j.value("pathway", ""));
      std::printf("%6.2f s  segment %2d  %s\n", segments.back().first, j.value("index", 0) + 1,
                  segments.back().second.c_str());
    }
    if (j.value("event", "") == "steering") {
      std::printf("%6.2f s  steering: %s first\n", j.value("t", 0.0), j.value("pathway", "").c_str());
      const bool beta_first = j.value("pathway", "") == "beta";
      if (beta_first && steered_to_beta_s < 0) steered_to_beta_s = j.value("t", 0.0);
      if (!beta_first && steered_to_beta_s >= 0 && steered_back_s > 1e8) steered_back_s = j.value("t", 0.0);
    }
  }
  std::printf("alpha fails from %.2f s on (session time)\n", faults_at_s);
  ASSERT_EQ(segments.size(), static_cast<size_t>(kMediaS / kSegmentS));
  // The player asked beta's steering server, which moved it to beta within
  // the reaction bound once alpha failed.
  ASSERT_GT(steered_to_beta_s, faults_at_s);
  EXPECT_LT(steered_to_beta_s, faults_at_s + kMaxReactionS * testing_support::timing_scale());
  EXPECT_NE(beta_origin.access_log().find("_DASH_pathway=%22alpha%22"), std::string::npos);
  EXPECT_NE(beta_origin.access_log().find("_DASH_throughput="), std::string::npos);
  size_t before = 0, after = 0;
  for (const auto& [at_s, pathway] : segments) {
    if (at_s < faults_at_s - 0.1) {
      ++before;
      EXPECT_EQ(pathway, "alpha") << at_s;  // the default pathway until alpha fails
    }
    if (at_s > steered_to_beta_s && at_s < steered_back_s) {  // (alpha recovers later, unused)
      ++after;
      EXPECT_EQ(pathway, "beta") << at_s;
    }
  }
  EXPECT_GE(before, 2u);
  EXPECT_GE(after, 4u);
}

}  // namespace
}  // namespace origin_test
