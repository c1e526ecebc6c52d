// The exec protocol's messages and answers: every number crosses exactly,
// the fields are AbrContext's, and bad answers are errors that say why.
#include "player/abr_exec/protocol.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

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

// The keys of a JSON object, in the order written.
std::vector<std::string> keys_of(const std::string& object_json) {
  std::vector<std::string> keys;
  const auto object = nlohmann::ordered_json::parse(object_json);
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}
std::vector<std::string> keys_of(std::span<const std::string_view> names) { return {names.begin(), names.end()}; }

FieldSelection hello(const std::string& line) {
  const auto h = parse_hello(line);
  EXPECT_TRUE(h.ok()) << h.error();
  EXPECT_TRUE(h.ok() && h.value().has_value()) << line;
  return h.ok() && h.value() ? *h.value() : FieldSelection{};
}

// fields.cc's names are the keys the messages write, in the same order: a
// hello can name every field, and only those.
TEST(ExecFields, TheNamesAreTheKeysOfEveryFieldInOrder) {
  ContextBuilder b;
  b.nominal_sizes(2).last(1);
  b.ctx.live = true;
  b.ctx.playback_rate = 0.95;
  const auto choose = nlohmann::ordered_json::parse(choose_message(b.get()));
  EXPECT_EQ(keys_of(choose["context"].dump()), keys_of(field_names(Object::kContext)));
  const auto observe = nlohmann::ordered_json::parse(observe_message(abr::SegmentResult{}));
  EXPECT_EQ(keys_of(observe["result"].dump()), keys_of(field_names(Object::kResult)));
  const auto abandon = nlohmann::ordered_json::parse(abandon_message(abr::DownloadProgress{}, b.get()));
  EXPECT_EQ(keys_of(abandon["progress"].dump()), keys_of(field_names(Object::kProgress)));
  EXPECT_EQ(field_name(ContextField::kUpcomingSizesBytes), "upcoming_sizes_bytes");
  EXPECT_EQ(field_name(ProgressField::kBufferS), "buffer_s");
}

TEST(ExecFields, EachObjectCarriesOnlyTheFieldsTheHelloNamed) {
  // Named in any order, written in the messages' order; "result" empty,
  // "progress" not named (all of it).
  const FieldSelection f =
      hello(R"({"type": "hello", "fields": {"context": ["last_rung", "buffer_s"], "result": []}})");
  ContextBuilder b;
  const abr::AbrContext& ctx = b.nominal_sizes(8).buffer(12.345678901234567).last(3).get();
  const std::string choose = choose_message(ctx, f);
  EXPECT_EQ(choose, "{\"type\":\"choose\",\"context\":{\"buffer_s\":12.345678901234567,\"last_rung\":3}}\n");
  abr::SegmentResult r;
  r.size_bytes = 1e6;
  EXPECT_EQ(observe_message(r, f), "{\"type\":\"observe\",\"result\":{}}\n");
  const auto abandon = nlohmann::ordered_json::parse(abandon_message(abr::DownloadProgress{2, 1e6, 5e5, 1, 0.1, 7}, ctx, f));
  EXPECT_EQ(keys_of(abandon["progress"].dump()), keys_of(field_names(Object::kProgress)));
  EXPECT_EQ(keys_of(abandon["context"].dump()), (std::vector<std::string>{"buffer_s", "last_rung"}));
  // Without a hello, or with one that names nothing: every field, as before.
  EXPECT_EQ(choose_message(ctx, hello(R"({"type":"hello"})")), choose_message(ctx));
  EXPECT_EQ(choose_message(ctx, hello(R"({"type":"hello","fields":{}})")), choose_message(ctx));
}

TEST(ExecFields, ChosenLiveFieldsStillCrossOnlyWhenTheyApply) {
  const FieldSelection f = hello(R"({"type":"hello","fields":{"context":["latency_s","playback_rate"]}})");
  ContextBuilder b;
  EXPECT_EQ(choose_message(b.get(), f), "{\"type\":\"choose\",\"context\":{}}\n");
  b.ctx.live = true;
  b.ctx.latency_s = 2.5;
  b.ctx.playback_rate = 1.05;
  EXPECT_EQ(choose_message(b.get(), f), "{\"type\":\"choose\",\"context\":{\"latency_s\":2.5,\"playback_rate\":1.05}}\n");
}

TEST(ExecFields, AnyOtherFirstLineIsNotAHello) {
  for (const char* line : {R"({"rung": 1})", "nonsense", "", "[1]", R"({"type": "choose"})"}) {
    const auto h = parse_hello(line);
    ASSERT_TRUE(h.ok()) << line;
    EXPECT_FALSE(h.value().has_value()) << line;
  }
}

TEST(ExecFields, AWrongHelloSaysWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"type":"hello","fields":{"context":["bufer_s"]}})",
       "unknown context field \"bufer_s\" (known: buffer_s, state, bitrates_bps,"},
      {R"({"type":"hello","fields":{"result":["buffer_s"]}})", "unknown result field \"buffer_s\""},
      {R"({"type":"hello","fields":{"context":[3]}})", "unknown context field 3"},
      {R"({"type":"hello","fields":{"contexts":[]}})", "unknown object \"contexts\" (known: context, result, progress)"},
      {R"({"type":"hello","fields":{"context":"buffer_s"}})", "\"context\" must be a list of field names"},
      {R"({"type":"hello","fields":["buffer_s"]})", "\"fields\" must be an object"},
      {R"({"type":"hello","field":{}})", "unknown key \"field\" (known: type, fields)"},
  };
  for (const auto& [line, why] : cases) {
    const auto h = parse_hello(line);
    ASSERT_FALSE(h.ok()) << line;
    EXPECT_NE(h.error().message.find(std::string("bad hello '") + line + "': " + why), std::string::npos)
        << h.error();
  }
}

TEST(ExecFields, AHelloAfterTheFirstLineIsABadAnswer) {
  const char* hello_line = R"({"type":"hello","fields":{"context":["buffer_s"]}})";
  const auto c = parse_choice(hello_line, 6);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("a hello must be the program's first line"), std::string::npos) << c.error();
  EXPECT_FALSE(parse_abandon(hello_line, 3).ok());
}

}  // namespace
}  // namespace abr_exec
