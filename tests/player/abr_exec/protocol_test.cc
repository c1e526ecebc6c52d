// The exec protocol's messages and answers: every number crosses exactly,
// the fields are AbrContext's, and bad answers are errors that say why.
#include "player/abr_exec/protocol.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../abr/context_builder.h"

namespace abr_exec {
namespace {

using abr::testing::ContextBuilder;

TEST(ExecProtocol, ContextCrossesExactly) {
  ContextBuilder b;
  b.nominal_sizes(12);
  b.sizes[7] = 123456.789012345678;
  const abr::AbrContext& ctx = b.buffer(12.345678901234567).last(3).get();
  const std::string line = choose_message(ctx);
  ASSERT_EQ(line.back(), '\n');
  const auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["type"], "choose");
  const auto& c = j["context"];
  EXPECT_EQ(c["buffer_s"].get<double>(), ctx.buffer_s);  // shortest exact form: the same double
  EXPECT_EQ(c["state"], "playing");
  EXPECT_EQ(c["bitrates_bps"].size(), 6u);
  EXPECT_EQ(c["last_rung"], 3);
  EXPECT_EQ(c["segments_remaining"], ctx.segments_remaining);
  EXPECT_EQ(c["upcoming_sizes_bytes"].size(), kUpcomingRows);  // 12 rows known, 8 sent
  EXPECT_EQ(c["upcoming_sizes_bytes"][1][1].get<double>(), b.sizes[7]);
  EXPECT_TRUE(c["upcoming_quality_db"].empty());
  EXPECT_TRUE(c["resolutions"].empty());
  b.ctx.last_rung.reset();
  EXPECT_TRUE(nlohmann::json::parse(choose_message(b.get()))["context"]["last_rung"].is_null());
}

TEST(ExecProtocol, LiveFieldsAndTheRateCrossOnlyWhenTheyApply) {
  ContextBuilder b;
  const auto vod = nlohmann::json::parse(choose_message(b.get()))["context"];
  EXPECT_FALSE(vod.contains("live"));
  EXPECT_FALSE(vod.contains("playback_rate"));
  b.ctx.live = true;
  b.ctx.target_latency_s = 1.5;
  b.ctx.latency_s = 2.25;
  b.ctx.playback_rate = 1.05;
  const auto live = nlohmann::json::parse(choose_message(b.get()))["context"];
  EXPECT_EQ(live["live"], true);
  EXPECT_EQ(live["target_latency_s"].get<double>(), 1.5);
  EXPECT_EQ(live["latency_s"].get<double>(), 2.25);
  EXPECT_EQ(live["playback_rate"].get<double>(), 1.05);
}

TEST(ExecProtocol, ObserveAndAbandonCarryTheirFields) {
  abr::SegmentResult r;
  r.rung = 2;
  r.segment_index = 9;
  r.size_bytes = 1e6 / 3;
  r.download_s = 0.1;
  r.ttfb_s = 0.08;
  r.abandoned = true;
  const auto o = nlohmann::json::parse(observe_message(r));
  EXPECT_EQ(o["type"], "observe");
  EXPECT_EQ(o["result"]["size_bytes"].get<double>(), r.size_bytes);
  EXPECT_EQ(o["result"]["abandoned"], true);
  ContextBuilder b;
  const abr::DownloadProgress p{4, 2e6, 5e5, 1.5, 0.1, 3.25};
  const auto a = nlohmann::json::parse(abandon_message(p, b.nominal_sizes(2).get()));
  EXPECT_EQ(a["type"], "abandon");
  EXPECT_EQ(a["progress"]["rung"], 4);
  EXPECT_EQ(a["progress"]["buffer_s"], 3.25);
  EXPECT_EQ(a["context"]["upcoming_sizes_bytes"].size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(start_message())["type"], "start");
}

// Programs may dispatch on the start of a line without parsing it (bb.py skips
// the observations it does not need): "type" comes first, without spaces, and
// a message is one line.
TEST(ExecProtocol, EveryMessageStartsWithItsType) {
  ContextBuilder b;
  const abr::AbrContext& ctx = b.nominal_sizes(3).get();
  const std::pair<std::string, std::string> messages[] = {
      {start_message(), "start"},
      {observe_message(abr::SegmentResult{}), "observe"},
      {choose_message(ctx), "choose"},
      {abandon_message(abr::DownloadProgress{}, ctx), "abandon"},
  };
  for (const auto& [line, type] : messages) {
    EXPECT_TRUE(line.starts_with("{\"type\":\"" + type + "\"")) << line;
    EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
  }
}

TEST(ExecProtocol, ParsesAChoice) {
  auto c = parse_choice(R"({"rung": 4, "wait_s": 0.5, "estimate_bps": 3e6, "reason": "why"})", 6);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->decision.rung, 4u);
  EXPECT_EQ(c->decision.wait_s, 0.5);
  EXPECT_EQ(c->decision.estimate_bps, 3e6);
  EXPECT_EQ(c->reason_text, "why");
  EXPECT_EQ(parse_choice(R"({"rung": 2.0})", 6)->decision.rung, 2u);
}

TEST(ExecProtocol, BadChoicesSayWhy) {
  for (const char* line : {"", "nonsense", "[1]", "{}", R"({"rung": 6})", R"({"rung": -1})", R"({"rung": 1.5})",
                           R"({"rung": "2"})", R"({"rung": 1, "wait_s": -1})", R"({"rung": 1, "estimate_bps": "x"})",
                           R"({"rung": 1, "reason": 3})"}) {
    const auto c = parse_choice(line, 6);
    ASSERT_FALSE(c.ok()) << line;
    EXPECT_NE(c.error().message.find("bad answer"), std::string::npos) << c.error();
  }
  EXPECT_NE(parse_choice(R"({"rung": 6})", 6).error().message.find("from 0 to 5"), std::string::npos);
}

TEST(ExecProtocol, ParsesAbandonAnswers) {
  EXPECT_FALSE(parse_abandon(R"({"rung": null})", 3).value().has_value());
  EXPECT_EQ(parse_abandon(R"({"rung": 1})", 3).value(), 1u);
  EXPECT_FALSE(parse_abandon(R"({"rung": 3})", 3).ok());  // not lower than the current rung
  EXPECT_FALSE(parse_abandon(R"({})", 3).ok());
  EXPECT_FALSE(parse_abandon("null", 3).ok());
}

}  // namespace
}  // namespace abr_exec
