#include "player/net/steering.h"

#include <gtest/gtest.h>

namespace player {
namespace {

TEST(SteeringManifest, ReadsTheFourKeys) {
  auto m = parse_steering_manifest(
      R"({"VERSION": 1, "TTL": 12.5, "RELOAD-URI": "/_steering?x=1", "PATHWAY-PRIORITY": ["cdn-b", "cdn_a"],
          "PATHWAY-CLONES": []})");
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_DOUBLE_EQ(m->ttl_s, 12.5);
  EXPECT_EQ(m->reload_uri, "/_steering?x=1");
  EXPECT_EQ(m->priority, (std::vector<std::string>{"cdn-b", "cdn_a"}));
}

TEST(SteeringManifest, TtlDefaultsTo300AndReloadUriToNone) {
  auto m = parse_steering_manifest(R"({"VERSION": 1, "PATHWAY-PRIORITY": ["a"]})");
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_DOUBLE_EQ(m->ttl_s, 300);
  EXPECT_TRUE(m->reload_uri.empty());
}

TEST(SteeringManifest, BadManifestsSayWhat) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "not a JSON object"},
      {"[1]", "not a JSON object"},
      {R"({"PATHWAY-PRIORITY": ["a"]})", "VERSION is missing"},
      {R"({"VERSION": 2, "PATHWAY-PRIORITY": ["a"]})", "VERSION 2 is not 1"},
      {R"({"VERSION": 1, "TTL": 0, "PATHWAY-PRIORITY": ["a"]})", "TTL must be"},
      {R"({"VERSION": 1, "TTL": "5", "PATHWAY-PRIORITY": ["a"]})", "TTL must be"},
      {R"({"VERSION": 1, "RELOAD-URI": 3, "PATHWAY-PRIORITY": ["a"]})", "RELOAD-URI must be"},
      {R"({"VERSION": 1})", "PATHWAY-PRIORITY must be"},
      {R"({"VERSION": 1, "PATHWAY-PRIORITY": []})", "PATHWAY-PRIORITY must be"},
      {R"({"VERSION": 1, "PATHWAY-PRIORITY": ["a b"]})", "not a pathway name"},
      {R"({"VERSION": 1, "PATHWAY-PRIORITY": [7]})", "not a pathway name"},
  };
  for (const auto& [json, why] : cases) {
    auto m = parse_steering_manifest(json);
    ASSERT_FALSE(m.ok()) << json;
    EXPECT_NE(m.error().message.find(why), std::string::npos) << json << " → " << m.error().message;
    EXPECT_EQ(m.error().message.rfind("steering manifest: ", 0), 0u) << m.error().message;
  }
}

TEST(SteeringRequestUrl, AddsPathwayAndThroughputToTheQuery) {
  EXPECT_EQ(steering_request_url("http://s/steer", "alpha", 2.5e6),
            "http://s/steer?_DASH_pathway=%22alpha%22&_DASH_throughput=2500000");
  EXPECT_EQ(steering_request_url("http://s/steer?session=3", "beta", 0),
            "http://s/steer?session=3&_DASH_pathway=%22beta%22");
  EXPECT_EQ(steering_request_url("http://s/steer", "", 0), "http://s/steer");
}

}  // namespace
}  // namespace player
