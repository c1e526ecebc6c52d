// Content steering in the player's session, in virtual time: the steering
// server is a URL of the virtual network whose answers the test scripts, so
// which pathway served each segment, and when the player asked, are exact.
#include <gtest/gtest.h>

#include <string>

#include "virtual_player.h"

namespace player {
namespace {

using testing::PresentationSpec;
using testing::VirtualPlayer;

constexpr const char* kSteeringHost = "http://steer.test/";

PresentationSpec two_pathways(bool query_before_start) {
  PresentationSpec spec;
  spec.segments = 15;  // 60 s
  spec.base_urls = {"http://a.test/p/", "http://b.test/p/"};
  spec.pathways = {"alpha", "beta"};
  spec.steering_url = std::string(kSteeringHost) + "dcsm";
  spec.default_pathway = "alpha";
  spec.query_before_start = query_before_start;
  return spec;
}

VirtualResponse answer(const std::string& json) {
  VirtualResponse r;
  r.body = std::make_shared<const std::string>(json);
  r.size_bytes = json.size();
  return r;
}

VirtualResponse failure(int code) {
  VirtualResponse r;
  r.status = code;
  return r;
}

std::vector<std::string> steering_requests(const VirtualPlayer& p) {
  std::vector<std::string> out;
  for (const auto& url : p.scripted->requests)
    if (url.starts_with(kSteeringHost)) out.push_back(url);
  return out;
}

TEST(SteeringSession, EverySegmentComesFromTheFirstPathwayTheServerNames) {
  VirtualPlayer p(two_pathways(/*query_before_start=*/true));
  p.script = [](const FetchRequest& req, int) -> std::optional<VirtualResponse> {
    if (!req.url.starts_with(kSteeringHost)) return std::nullopt;
    return answer(R"({"VERSION": 1, "TTL": 10, "RELOAD-URI": "dcsm?session=7", "PATHWAY-PRIORITY": ["beta", "alpha"]})");
  };
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  EXPECT_EQ(summary->stalls, 0);
  // queryBeforeStart: nothing was fetched from alpha, not even the first init segment.
  for (const auto& url : p.scripted->requests) EXPECT_FALSE(url.starts_with("http://a.test/")) << url;
  for (const auto& s : p.segments()) EXPECT_EQ(s.pathway, "beta") << "segment " << s.index;

  // The first request names the default pathway and no throughput yet; the
  // later ones go to RELOAD-URI, name beta and report what beta delivered.
  const auto asked = steering_requests(p);
  ASSERT_GE(asked.size(), 4u);
  EXPECT_EQ(asked[0], "http://steer.test/dcsm?_DASH_pathway=%22alpha%22");
  EXPECT_TRUE(asked[1].starts_with("http://steer.test/dcsm?session=7&_DASH_pathway=%22beta%22&_DASH_throughput="))
      << asked[1];
  EXPECT_GT(std::stod(asked[1].substr(asked[1].rfind('=') + 1)), 1e6);
  // One request per TTL while the session lasts (at 0, 10, 20, ...), not more.
  EXPECT_EQ(asked.size(), static_cast<size_t>(summary->wall_s / 10) + 1);
}

TEST(SteeringSession, ANewPriorityMovesTheSegmentsWithinOneTtl) {
  constexpr double kTtlS = 8;
  VirtualPlayer p(two_pathways(/*query_before_start=*/false));
  int answered = 0;
  p.script = [&answered](const FetchRequest& req, int) -> std::optional<VirtualResponse> {
    if (!req.url.starts_with(kSteeringHost)) return std::nullopt;
    const bool moved = answered++ >= 2;  // the third answer moves everyone to beta
    return answer(std::string(R"({"VERSION": 1, "TTL": 8, "PATHWAY-PRIORITY": )") +
                  (moved ? R"(["beta", "alpha"]})" : R"(["alpha", "beta"]})"));
  };
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  double moved_at = -1;
  for (const auto& e : p.events("steering"))
    if (e["pathway"] == "beta") moved_at = e["t"].get<double>();
  ASSERT_GT(moved_at, 0) << "the player never took the new priority";
  EXPECT_NEAR(moved_at, 2 * kTtlS, 1.0);  // asked at 0, TTL, 2 TTL
  size_t before = 0, after = 0;
  for (const auto& s : p.segments()) {
    if (s.request_s < moved_at) {
      EXPECT_EQ(s.pathway, "alpha") << "segment " << s.index;
      ++before;
    } else {
      EXPECT_EQ(s.pathway, "beta") << "segment " << s.index;
      ++after;
    }
  }
  EXPECT_GT(before, 0u);
  EXPECT_GT(after, 0u);
}

TEST(SteeringSession, AServerThatIsDownLeavesTheChoiceToThePlayerUntilItAnswers) {
  VirtualPlayer p(two_pathways(/*query_before_start=*/true));
  int asked = 0;
  p.script = [&asked](const FetchRequest& req, int) -> std::optional<VirtualResponse> {
    if (req.url.starts_with(kSteeringHost))
      return asked++ == 0 ? failure(503) : answer(R"({"VERSION": 1, "TTL": 30, "PATHWAY-PRIORITY": ["beta"]})");
    if (req.url.starts_with("http://a.test/") && asked == 1) return failure(503);  // alpha fails while steering is down
    return std::nullopt;
  };
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  EXPECT_EQ(summary->skipped_segments, 0u);
  EXPECT_EQ(summary->video_segments, 15u);
  bool warned = false;
  for (const auto& e : p.events("warning"))
    warned = warned || e["message"].get<std::string>().find("content steering: ") == 0;
  EXPECT_TRUE(warned);
  // Down: playback still started, failed over from alpha by itself; the
  // retry 10 s later was answered and beta holds from then on.
  const auto steering = p.events("steering");
  ASSERT_FALSE(steering.empty());
  EXPECT_EQ(steering.back()["pathway"], "beta");
  EXPECT_NEAR(steering.back()["t"].get<double>(), 10, 1.0);
  EXPECT_FALSE(p.events("failover").empty());
  for (const auto& s : p.segments()) EXPECT_EQ(s.pathway, "beta") << "segment " << s.index;
}

TEST(SteeringSession, AnAnswerNamingNoPathwayOfTheMpdIsIgnored) {
  VirtualPlayer p(two_pathways(/*query_before_start=*/false));
  p.script = [](const FetchRequest& req, int) -> std::optional<VirtualResponse> {
    if (req.url.starts_with(kSteeringHost)) return answer(R"({"VERSION": 1, "PATHWAY-PRIORITY": ["gamma"]})");
    return std::nullopt;
  };
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  for (const auto& s : p.segments()) EXPECT_EQ(s.pathway, "alpha") << "segment " << s.index;
  ASSERT_FALSE(p.events("warning").empty());
  EXPECT_NE(p.events("warning").front()["message"].get<std::string>().find("names no pathway"), std::string::npos);
}

}  // namespace
}  // namespace player
