// Programs that open with a hello choosing their fields (fields.h): they
// receive exactly those from then on; a hello naming a field that does not
// exist ends the session with one clear line, and the bench exits non-zero
// quickly, without starting the program for every session.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "../abr/context_builder.h"
#include "media/file_io.h"
#include "media/text.h"
#include "player/abr_exec/any_algorithm.h"
#include "player/sim/bench.h"
#include "player/sim/video_source.h"
#include "support/process.h"

namespace {

using abr::testing::ContextBuilder;
using testing_support::run_command;
using testing_support::shell_quote;

using testing_support::kShared;
const std::string kBench = std::string(DS_BINARY_DIR) + "/player/sim/dash-abr-bench";

// Says hello asking for two context fields and only "rung" of results, then
// appends every line it receives to argv[1] and answers the questions.
constexpr const char* kRecorder = R"(import json, sys
print('{"type":"hello","fields":{"context":["buffer_s","last_rung"],"result":["rung"]}}', flush=True)
with open(sys.argv[1], "a") as log:
    for line in sys.stdin:
        log.write(line)
        log.flush()
        kind = json.loads(line)["type"]
        if kind == "choose":
            print('{"rung":0}', flush=True)
        elif kind == "abandon":
            print('{"rung":null}', flush=True)
)";

std::vector<std::string> keys_of(const nlohmann::ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

TEST(ExecFields, AProgramThatAsksForTwoFieldsReceivesExactlyThose) {
  testing_support::ScratchDir dir("exec_fields_recorder");
  ASSERT_TRUE(media::write_file_atomic(dir / "recorder.py", kRecorder).ok());
  const auto log = dir / "received.jsonl";
  auto made = abr_exec::make_any_algorithm("exec:python3 " + shell_quote((dir / "recorder.py").string()) + " " +
                                           shell_quote(log.string()));
  ASSERT_TRUE(made.ok()) << made.error();
  auto& a = *made.value();
  ContextBuilder b;
  const abr::AbrContext& ctx = b.nominal_sizes(8).buffer(7.25).last(2).get();
  abr::SegmentResult r;
  r.rung = 2;
  r.size_bytes = 5e5;
  EXPECT_EQ(a.choose(ctx).rung, 0u);  // written before the hello was read: every field
  a.observe(r);
  EXPECT_EQ(a.choose(ctx).rung, 0u);
  EXPECT_FALSE(a.should_abandon(abr::DownloadProgress{3, 1e6, 2e5, 1, 0.1, 6.5}, ctx).has_value());
  ASSERT_TRUE(a.failure().empty()) << a.failure();

  const auto text = media::read_file(log);
  ASSERT_TRUE(text.ok()) << text.error();
  std::vector<nlohmann::ordered_json> got;
  for (const auto line : media::split_lines(text.value()))
    if (!line.empty()) got.push_back(nlohmann::ordered_json::parse(line));
  ASSERT_EQ(got.size(), 5u) << text.value();  // start, choose, observe, choose, abandon
  EXPECT_EQ(got[0]["type"], "start");
  EXPECT_EQ(got[1]["context"].size(), 12u);  // the first question: all (not live, rate 1)
  EXPECT_EQ(keys_of(got[2]["result"]), (std::vector<std::string>{"rung"}));
  EXPECT_EQ(got[2]["result"]["rung"], 2);
  EXPECT_EQ(keys_of(got[3]["context"]), (std::vector<std::string>{"buffer_s", "last_rung"}));
  EXPECT_EQ(got[3]["context"]["buffer_s"].get<double>(), 7.25);
  EXPECT_EQ(got[3]["context"]["last_rung"], 2);
  EXPECT_EQ(got[4]["type"], "abandon");
  EXPECT_EQ(got[4]["progress"].size(), 6u);  // "progress" not named: all of it
  EXPECT_EQ(keys_of(got[4]["context"]), (std::vector<std::string>{"buffer_s", "last_rung"}));
}

// A program that logs each start to dir/started and says a hello with a
// typo. In a file: --abr splits its list at commas.
std::string misspelling_program(const testing_support::ScratchDir& dir) {
  const auto script = dir / "misspelling.sh";
  EXPECT_TRUE(media::write_file_atomic(script, "echo x >> " + shell_quote((dir / "started").string()) +
                                                   "\necho '{\"type\":\"hello\",\"fields\":{\"context\":"
                                                   "[\"bufer_s\"]}}'\ncat >/dev/null\n")
                  .ok());
  return "sh " + shell_quote(script.string());
}

size_t lines_in(const std::filesystem::path& file) {
  const auto text = media::read_file(file);
  return text.ok() ? static_cast<size_t>(std::count(text.value().begin(), text.value().end(), '\n')) : 0;
}

TEST(ExecFields, AnUnknownFieldFailsTheSessionAndLaterOnesWithoutRestarting) {
  testing_support::ScratchDir dir("exec_fields_unknown_session");
  auto video = sim::load_video(kShared + "/abr-reference/pensieve-envivio");
  ASSERT_TRUE(video.ok()) << video.error();
  auto traces = media::read_traces(kShared + "/traces/sabre-example");
  ASSERT_TRUE(traces.ok()) << traces.error();
  const auto prepared = sim::prepare_traces(std::move(traces.value()));
  const std::string program = "exec:" + misspelling_program(dir);
  sim::SessionResult out;
  const auto first = sim::run_session(video.value(), prepared[0], program, {}, out);
  ASSERT_FALSE(first.ok());
  EXPECT_NE(first.error().message.find(": choose: bad hello '"), std::string::npos) << first.error();
  EXPECT_NE(first.error().message.find("unknown context field \"bufer_s\" (known: buffer_s,"), std::string::npos)
      << first.error();
  const auto second = sim::run_session(video.value(), prepared[0], program, {}, out);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find("unknown context field \"bufer_s\""), std::string::npos) << second.error();
  EXPECT_EQ(lines_in(dir / "started"), 1u);  // the second session did not start it again
}

TEST(ExecFields, AnUnknownFieldIsOneLineAndANonZeroExitFromTheBench) {
  testing_support::ScratchDir dir("exec_fields_unknown_bench");
  const auto t0 = std::chrono::steady_clock::now();
  // 127 traces: without the refusal remembered, 127 programs would start.
  const auto r = run_command(kBench + " --traces " + shell_quote(kShared + "/traces/pensieve-train") + " --video " +
                             shell_quote(kShared + "/abr-reference/pensieve-envivio") + " --jobs 1 -q --abr " +
                             shell_quote("bb,exec:" + misspelling_program(dir)));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.exit_code, 1) << r.output;
  size_t error_lines = 0;
  for (const auto line : media::split_lines(r.output))
    if (line.find("bufer_s") != std::string_view::npos) {
      ++error_lines;
      EXPECT_TRUE(line.starts_with("dash-abr-bench: exec:")) << line;
      EXPECT_NE(line.find("unknown context field \"bufer_s\""), std::string_view::npos) << line;
    }
  EXPECT_EQ(error_lines, 1u) << r.output;
  EXPECT_NE(r.output.find("(127 failed)"), std::string::npos) << r.output;
  EXPECT_EQ(lines_in(dir / "started"), 1u);
  EXPECT_LT(seconds, 30 * testing_support::timing_scale());
}

}  // namespace
