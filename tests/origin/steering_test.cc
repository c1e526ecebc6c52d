// Content steering, the pure part: the policy file, the ranking per policy
// (configured order, fixed priority, schedule, health states, health
// ignored), the steering manifest, the counters read from /metrics, and the
// health of a pathway from its probes (error rate net of the probes' own
// requests, load, down, restarts, the window, no traffic).
#include "origin/steering.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace origin {
namespace {

const std::vector<media::Pathway> kSteeringPathways = {
    {"alpha", "http://a.example:8080/show/"}, {"beta", "http://b.example/"}, {"gamma", "https://c.example/"}};

PathwayHealth in_state(PathwayState s) {
  PathwayHealth h;
  h.state = s;
  h.probed = true;
  return h;
}

TEST(SteeringPolicy, ReadsEveryKeyAndDefaults) {
  auto p = parse_steering_policy(R"({"ttl_s": 5, "probe_interval_s": 0.5, "window_s": 3, "max_error_rate": 0.2,
      "max_connections": 100, "follow_health": false,
      "schedule": [{"from_s": 0, "priority": ["beta"]}, {"from_s": 30, "priority": ["gamma", "alpha"]}]})");
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_EQ(p->ttl_s, 5);
  EXPECT_DOUBLE_EQ(p->probe_interval_s, 0.5);
  EXPECT_DOUBLE_EQ(p->window_s, 3);
  EXPECT_DOUBLE_EQ(p->max_error_rate, 0.2);
  EXPECT_EQ(p->max_connections, 100);
  EXPECT_FALSE(p->follow_health);
  ASSERT_EQ(p->schedule.size(), 2u);
  EXPECT_EQ(p->schedule[1], (TimedPriority{30, {"gamma", "alpha"}}));
  EXPECT_EQ(*parse_steering_policy("{}"), SteeringPolicy{});
  auto fixed = parse_steering_policy(R"({"priority": ["gamma", "beta"]})");
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->schedule, (std::vector<TimedPriority>{{0, {"gamma", "beta"}}}));
}

TEST(SteeringPolicy, BadFilesSayWhat) {
  const struct {
    const char* json;
    const char* says;
  } cases[] = {
      {"not json", "not valid JSON"},
      {"[]", "a JSON object"},
      {R"({"tll_s": 5})", "unknown key \"tll_s\""},
      {R"({"ttl_s": 0})", "\"ttl_s\" must be a whole number"},
      {R"({"ttl_s": 2.5})", "\"ttl_s\" must be a whole number"},
      {R"({"max_error_rate": 1.5})", "\"max_error_rate\" is out of range"},
      {R"({"window_s": "long"})", "\"window_s\" must be a number"},
      {R"({"follow_health": 1})", "true or false"},
      {R"({"priority": []})", "non-empty list"},
      {R"({"priority": [1]})", "pathway names"},
      {R"({"priority": ["a"], "schedule": [{"from_s": 0, "priority": ["a"]}]})", "not both"},
      {R"({"schedule": [{"from_s": 0}]})", "each \"schedule\" entry"},
      {R"({"schedule": [{"from_s": 5, "priority": ["a"]}, {"from_s": 5, "priority": ["b"]}]})", "increasing"},
  };
  for (const auto& c : cases) {
    auto p = parse_steering_policy(c.json);
    ASSERT_FALSE(p.ok()) << c.json;
    EXPECT_NE(p.error().message.find(c.says), std::string::npos) << c.json << " -> " << p.error().message;
  }
  auto unknown = check_policy_names(*parse_steering_policy(R"({"priority": ["delta"]})"), kSteeringPathways);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("'delta', which no --pathway defines"), std::string::npos);
}

TEST(SteeringRank, LiveHealthMovesWorsePathwaysBackInConfiguredOrder) {
  const SteeringPolicy live;
  const std::vector<std::string> configured = {"alpha", "beta", "gamma"};
  EXPECT_EQ(rank_pathways(kSteeringPathways, {}, live, 0), configured);  // nothing probed yet
  EXPECT_EQ(rank_pathways(kSteeringPathways, {in_state(PathwayState::kFailing), {}, {}}, live, 0),
            (std::vector<std::string>{"beta", "gamma", "alpha"}));
  EXPECT_EQ(rank_pathways(kSteeringPathways,
                          {in_state(PathwayState::kDown), in_state(PathwayState::kFailing),
                           in_state(PathwayState::kOverloaded)},
                          live, 0),
            (std::vector<std::string>{"gamma", "beta", "alpha"}));
  EXPECT_EQ(rank_pathways(kSteeringPathways,
                          {in_state(PathwayState::kDown), in_state(PathwayState::kDown), in_state(PathwayState::kOk)},
                          live, 0),
            (std::vector<std::string>{"gamma", "alpha", "beta"}));
}

TEST(SteeringRank, FixedPriorityAndScheduleSetTheBaseOrder) {
  auto fixed = *parse_steering_policy(R"({"priority": ["gamma"]})");
  EXPECT_EQ(rank_pathways(kSteeringPathways, {}, fixed, 0), (std::vector<std::string>{"gamma", "alpha", "beta"}));
  // Health still applies on top of the base order...
  EXPECT_EQ(rank_pathways(kSteeringPathways, {{}, {}, in_state(PathwayState::kDown)}, fixed, 0),
            (std::vector<std::string>{"alpha", "beta", "gamma"}));
  // ... unless the policy says not to.
  fixed.follow_health = false;
  EXPECT_EQ(rank_pathways(kSteeringPathways, {{}, {}, in_state(PathwayState::kDown)}, fixed, 0),
            (std::vector<std::string>{"gamma", "alpha", "beta"}));
  const auto schedule = *parse_steering_policy(
      R"({"schedule": [{"from_s": 10, "priority": ["beta", "alpha"]}, {"from_s": 60, "priority": ["gamma"]}]})");
  // Before the first entry, the first entry applies.
  EXPECT_EQ(rank_pathways(kSteeringPathways, {}, schedule, 0), (std::vector<std::string>{"beta", "alpha", "gamma"}));
  EXPECT_EQ(rank_pathways(kSteeringPathways, {}, schedule, 59.9), (std::vector<std::string>{"beta", "alpha", "gamma"}));
  EXPECT_EQ(rank_pathways(kSteeringPathways, {}, schedule, 60), (std::vector<std::string>{"gamma", "alpha", "beta"}));
}

TEST(SteeringManifest, HasTheFourKeysInOrder) {
  const std::string text = steering_manifest(10, "/_steering?x=1", {"beta", "alpha"});
  EXPECT_EQ(text, R"({"VERSION":1,"TTL":10,"RELOAD-URI":"/_steering?x=1","PATHWAY-PRIORITY":["beta","alpha"]})");
  EXPECT_EQ(nlohmann::json::parse(steering_manifest(3, "", {"a"})).count("RELOAD-URI"), 0u);
}

TEST(SteeringCounters, ReadFromDashOriginMetrics) {
  const char* metrics =
      "# TYPE dash_origin_requests_total counter\n"
      "dash_origin_requests_total{status=\"200\"} 90\n"
      "dash_origin_requests_total{status=\"206\"} 4\n"
      "dash_origin_requests_total{status=\"503\"} 5\n"
      "dash_origin_requests_total{status=\"504\"} 1\n"
      "dash_origin_requests_total_extra 1000\n"
      "dash_origin_open_connections 7\n";
  EXPECT_EQ(parse_origin_counters(metrics), (OriginCounters{100, 6, 7.0}));
  // Values no counter can have are left out.
  EXPECT_EQ(parse_origin_counters("dash_origin_requests_total{status=\"200\"} -90\n"
                                  "dash_origin_requests_total{status=\"503\"} 1e300\n"
                                  "dash_origin_requests_total{status=\"200\"} 3\n"),
            (OriginCounters{3, 0, std::nullopt}));
  EXPECT_FALSE(parse_origin_counters("<html>not found</html>"));
  EXPECT_FALSE(parse_origin_counters(""));
}

TEST(SteeringHealth, ErrorRateLeavesOutTheProbesOwnRequests) {
  SteeringPolicy policy;
  policy.window_s = 10;
  policy.max_error_rate = 0.25;
  HealthWindow w;
  EXPECT_FALSE(w.health(policy).probed);
  w.add(0, true, OriginCounters{100, 0, 3.0});
  // Then 10 player requests, 2 of them 503; plus this probe's own request.
  w.add(1, true, OriginCounters{111, 2, 3.0});
  auto h = w.health(policy);
  EXPECT_TRUE(h.probed);
  ASSERT_TRUE(h.error_rate);
  EXPECT_DOUBLE_EQ(*h.error_rate, 0.2);
  EXPECT_EQ(h.open_connections, 2.0);  // the probe's own connection left out
  EXPECT_EQ(h.state, PathwayState::kOk);
  // 10 more, 6 failing: 8 of 20 over the window.
  w.add(2, true, OriginCounters{122, 8, 3.0});
  h = w.health(policy);
  EXPECT_DOUBLE_EQ(*h.error_rate, 0.4);
  EXPECT_EQ(h.state, PathwayState::kFailing);
  // Beyond the window, only the recent probes count: 4, then 5 clean requests.
  w.add(3.5, true, OriginCounters{127, 8, 3.0});
  w.add(12.5, true, OriginCounters{133, 8, 3.0});
  h = w.health(policy);
  EXPECT_DOUBLE_EQ(*h.error_rate, 0.0);
  EXPECT_EQ(h.state, PathwayState::kOk);
}

TEST(SteeringHealth, AFailingPathwayWithoutTrafficKeepsItsVerdictForSixWindows) {
  SteeringPolicy policy;
  policy.window_s = 1;
  policy.max_error_rate = 0.5;
  HealthWindow w;
  w.add(0, true, OriginCounters{100, 0, 1.0});
  w.add(1, true, OriginCounters{111, 6, 1.0});  // 10 requests, 6 failed
  EXPECT_EQ(w.health(policy).state, PathwayState::kFailing);
  // Players leave it: only the probes come now.
  for (int t = 2; t <= 6; ++t) {
    w.add(t, true, OriginCounters{static_cast<uint64_t>(110 + t), 6, 1.0});
    const auto h = w.health(policy);
    EXPECT_EQ(h.state, PathwayState::kFailing) << t;
    EXPECT_DOUBLE_EQ(h.error_rate.value_or(-1), 0.6) << t;
  }
  // Six windows on, nothing is known any more: it may have traffic again.
  w.add(7.5, true, OriginCounters{117, 6, 1.0});
  EXPECT_EQ(w.health(policy).state, PathwayState::kOk);
  EXPECT_FALSE(w.health(policy).error_rate);
}

TEST(SteeringHealth, DownOverloadedRestartedAndQuiet) {
  SteeringPolicy policy;
  policy.max_connections = 50;
  HealthWindow w;
  w.add(0, true, OriginCounters{10, 0, 80.0});
  EXPECT_EQ(w.health(policy).state, PathwayState::kOverloaded);
  w.add(1, false, std::nullopt);
  EXPECT_EQ(w.health(policy).state, PathwayState::kDown);
  // Restarted: the counters start again; the old ones do not count.
  w.add(2, true, OriginCounters{1, 0, 2.0});
  w.add(3, true, OriginCounters{2, 0, 2.0});
  auto h = w.health(policy);
  EXPECT_EQ(h.state, PathwayState::kOk);
  EXPECT_FALSE(h.error_rate) << "only the probe's own request since the restart";
  // A server that answers but is no dash-origin: reachable, nothing more known.
  HealthWindow other;
  other.add(0, true, std::nullopt);
  EXPECT_EQ(other.health(policy), (PathwayHealth{PathwayState::kOk, true, std::nullopt, std::nullopt}));
}

}  // namespace
}  // namespace origin
