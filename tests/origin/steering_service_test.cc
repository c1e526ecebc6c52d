// The steering service on a manual clock with probes fed by the test: the
// answer is a DCSM whose priority follows the pathways' health, RELOAD-URI
// keeps the client's own parameters, _DASH_pathway/_DASH_throughput are taken
// (quoted or not) and shown in /metrics, a bad throughput is a 400, and the
// schedule of a policy file moves the priority with time.
#include "origin/steering_service.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace origin {
namespace {

const std::vector<media::Pathway> kPathways = {{"alpha", "http://127.0.0.1:1/"}, {"beta", "http://127.0.0.1:2/"}};

std::unique_ptr<SteeringService> make(SteeringPolicy policy, std::shared_ptr<media::ManualClock> clock) {
  auto s = SteeringService::create(kPathways, std::move(policy), std::move(clock));
  EXPECT_TRUE(s.ok()) << s.error();
  return s.ok() ? std::move(*s) : nullptr;
}

nlohmann::json answer_json(SteeringService& s, const std::multimap<std::string, std::string>& params = {}) {
  auto a = s.answer("/_steering", params);
  EXPECT_EQ(a.status, 200) << a.body;
  return nlohmann::json::parse(a.body, nullptr, false);
}

TEST(SteeringService, PriorityFollowsHealth) {
  auto clock = std::make_shared<media::ManualClock>(50);
  SteeringPolicy policy;
  policy.ttl_s = 2;
  auto s = make(policy, clock);
  auto j = answer_json(*s);
  EXPECT_EQ(j["VERSION"], 1);
  EXPECT_EQ(j["TTL"], 2);
  EXPECT_EQ(j["RELOAD-URI"], "/_steering");
  EXPECT_EQ(j["PATHWAY-PRIORITY"], nlohmann::json({"alpha", "beta"}));
  // alpha starts failing: half of its 20 requests are 503s.
  s->record_probe(0, true, OriginCounters{100, 0, 2.0});
  s->record_probe(1, true, OriginCounters{100, 0, 2.0});
  clock->advance(1);
  s->record_probe(0, true, OriginCounters{121, 10, 2.0});
  s->record_probe(1, true, OriginCounters{121, 0, 2.0});
  EXPECT_EQ(answer_json(*s)["PATHWAY-PRIORITY"], nlohmann::json({"beta", "alpha"}));
  EXPECT_EQ(s->health()[0].state, PathwayState::kFailing);
  // beta goes down too: a failing pathway is better than one that is down.
  clock->advance(1);
  s->record_probe(1, false, std::nullopt);
  EXPECT_EQ(answer_json(*s)["PATHWAY-PRIORITY"], nlohmann::json({"alpha", "beta"}));
  const std::string metrics = s->render_metrics();
  EXPECT_NE(metrics.find("dash_origin_steering_pathway_state{pathway=\"beta\",state=\"down\"} 1"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("dash_origin_steering_error_rate{pathway=\"alpha\"} 0.5"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("dash_origin_steering_pathway_rank{pathway=\"alpha\"} 0"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("dash_origin_steering_answers_total 3"), std::string::npos) << metrics;
}

TEST(SteeringService, ClientParametersAreTakenAndReloadUriKeepsTheOthers) {
  auto s = make({}, std::make_shared<media::ManualClock>());
  auto j = answer_json(*s, {{"session", "p 1"}, {"_DASH_pathway", "\"beta\""}, {"_DASH_throughput", "5140000"}});
  EXPECT_EQ(j["RELOAD-URI"], "/_steering?session=p%201");
  EXPECT_NE(s->render_metrics().find("dash_origin_steering_reported_throughput_bps{pathway=\"beta\"} 5140000"),
            std::string::npos);
  // A bare name works too; an unknown pathway's report is ignored, not an error.
  answer_json(*s, {{"_DASH_pathway", "alpha"}, {"_DASH_throughput", "1000"}});
  answer_json(*s, {{"_DASH_pathway", "\"zeta\""}, {"_DASH_throughput", "99"}});
  const std::string metrics = s->render_metrics();
  EXPECT_NE(metrics.find("reported_throughput_bps{pathway=\"alpha\"} 1000"), std::string::npos) << metrics;
  EXPECT_EQ(metrics.find("zeta"), std::string::npos) << metrics;
  for (const char* bad : {"fast", "-5", ""}) {
    auto a = s->answer("/_steering", {{"_DASH_throughput", bad}});
    EXPECT_EQ(a.status, 400) << bad;
    EXPECT_NE(a.body.find("_DASH_throughput"), std::string::npos);
  }
}

TEST(SteeringService, ScheduleMovesThePriorityWithTime) {
  auto clock = std::make_shared<media::ManualClock>(7);
  auto policy = parse_steering_policy(
      R"({"schedule": [{"from_s": 0, "priority": ["alpha"]}, {"from_s": 30, "priority": ["beta"]}]})");
  ASSERT_TRUE(policy.ok());
  auto s = make(*policy, clock);
  EXPECT_EQ(s->priority(), (std::vector<std::string>{"alpha", "beta"}));
  clock->advance(30);  // 30 s after the start
  EXPECT_EQ(answer_json(*s)["PATHWAY-PRIORITY"], nlohmann::json({"beta", "alpha"}));
}

TEST(SteeringService, BadSetupsAreRefused) {
  auto clock = std::make_shared<media::ManualClock>();
  EXPECT_FALSE(SteeringService::create({}, {}, clock).ok());
  EXPECT_FALSE(SteeringService::create({kPathways[0], kPathways[0]}, {}, clock).ok());
  EXPECT_FALSE(SteeringService::create(kPathways, *parse_steering_policy(R"({"priority": ["x"]})"), clock).ok());
}

}  // namespace
}  // namespace origin
