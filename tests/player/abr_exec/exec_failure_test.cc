// Bad external programs: each gives the session one clear error, quickly,
// never a hang or a crash; programs are reused across sessions, and one that
// failed is not.
#include <gtest/gtest.h>

#include <chrono>

#include "../abr/context_builder.h"
#include "player/abr_exec/any_algorithm.h"
#include "player/abr_exec/exec_algorithm.h"
#include "player/sim/bench.h"
#include "player/sim/video_source.h"
#include "support/process.h"

namespace sim {
namespace {

using abr::testing::ContextBuilder;

using testing_support::kShared;

class ExecFailure : public ::testing::Test {
 protected:
  void SetUp() override {
    auto v = load_video(kShared + "/abr-reference/pensieve-envivio");
    ASSERT_TRUE(v.ok()) << v.error();
    video = std::move(v.value());
    auto t = media::read_traces(kShared + "/traces/sabre-example");
    ASSERT_TRUE(t.ok()) << t.error();
    traces = prepare_traces(std::move(t.value()));
    options.exec.answer_timeout_s = 0.3;
  }
  // The session's error with `program` as the algorithm, and how long it took.
  std::string session_error(const std::string& program, double* seconds = nullptr) {
    const auto t0 = std::chrono::steady_clock::now();
    SessionResult out;
    const auto st = run_session(video, traces[0], "exec:" + program, options, out);
    if (seconds) *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return st.ok() ? std::string() : st.error().message;
  }
  VideoModel video;
  std::vector<BenchTrace> traces;
  BenchOptions options;
};

TEST_F(ExecFailure, AProgramThatExits) {
  const auto e = session_error("exit 3");
  EXPECT_NE(e.find("exec:exit 3: choose: the program exited with status 3"), std::string::npos) << e;
  EXPECT_NE(session_error("no-such-program-dashstream 2>/dev/null").find("exited with status 127"), std::string::npos);
}

TEST_F(ExecFailure, GarbageOutput) {
  const auto e = session_error("echo hello; cat >/dev/null");
  EXPECT_NE(e.find("choose: bad answer 'hello': not JSON"), std::string::npos) << e;
}

TEST_F(ExecFailure, WrongFields) {
  const auto out_of_range = session_error("while read l; do echo '{\"rung\": 9}'; done");
  EXPECT_NE(out_of_range.find("\"rung\" must be an integer from 0 to 5"), std::string::npos) << out_of_range;
  const auto missing = session_error("while read l; do echo '{\"quality\": 1}'; done");
  EXPECT_NE(missing.find("\"rung\" must be an integer"), std::string::npos) << missing;
}

TEST_F(ExecFailure, AHungProgramTimesOut) {
  double seconds = 0;
  const auto e = session_error("sleep 30", &seconds);
  EXPECT_NE(e.find("no answer from the program within 0.3 s"), std::string::npos) << e;
  EXPECT_LT(seconds, 5);  // the timeout, then at most the kill grace
}

TEST_F(ExecFailure, AProgramThatDiesMidSession) {
  // Answers three choices, then exits.
  const auto e = session_error("n=0; while read l; do case $l in *choose*) n=$((n+1)); [ $n -gt 3 ] && exit 0; "
                               "echo '{\"rung\": 1}';; esac; done");
  EXPECT_NE(e.find("segment 4: exec:"), std::string::npos) << e;
  EXPECT_NE(e.find("exited with status 0"), std::string::npos) << e;
}

TEST_F(ExecFailure, OneProgramServesTheSessionsInTurn) {
  // A program that is fine: the bench's sessions all succeed, and one
  // program serves every session in turn (each begins with "start").
  const std::string counter =
      "exec:s=0; while read l; do case $l in *start*) s=$((s+1));; *choose*) echo \"{\\\"rung\\\": 0, "
      "\\\"estimate_bps\\\": $s}\";; esac; done";
  options.jobs = 1;
  std::vector<BenchTrace> three = {traces[0], traces[0], traces[0]};
  auto r = run_bench(video, three, {counter}, options);
  ASSERT_TRUE(r.ok()) << r.error();
  for (size_t t = 0; t < three.size(); ++t) EXPECT_TRUE(r->at(0, t).ok()) << r->at(0, t).error;
  // The estimate it reports is its count of sessions: the same program saw them all (one more for the name check).
  SessionResult s;
  ASSERT_TRUE(run_session(video, traces[0], counter, options, s).ok());
  EXPECT_GE(s.chunks.back().estimate_bps, 4);
  // Its first answer, which waited for the shell to start, is counted apart.
  const auto c = abr_exec::exec_counters(counter.substr(abr_exec::kExecPrefix.size()));
  EXPECT_EQ(c.first_answers, 1u);
  EXPECT_GT(c.answers, 3 * 40u);
  EXPECT_GT(c.median_us(), 0);
}

TEST(ExecCounters, RateFromTheMeanAndATypicalRoundTrip) {
  abr_exec::ExecCounters c;
  EXPECT_EQ(c.answers_per_s(), 0);
  EXPECT_EQ(c.median_us(), 0);
  for (int i = 0; i < 3; ++i) c.add(30.5e-6);
  c.add(0.5);  // one slowed down by a busy machine, beyond the histogram
  EXPECT_EQ(c.answers, 4u);
  EXPECT_DOUBLE_EQ(c.answers_per_s(), 4 / (0.5 + 3 * 30.5e-6));
  EXPECT_EQ(c.median_us(), 30);
}

TEST_F(ExecFailure, AFailedAlgorithmChoosesTheLowestRungAndSaysSo) {
  auto a = abr_exec::make_any_algorithm("exec:exit 0", {0.3});
  ASSERT_TRUE(a.ok()) << a.error();
  ContextBuilder b;
  const abr::Decision d = (*a)->choose(b.nominal_sizes(2).buffer(30).get());
  EXPECT_EQ(d.rung, 0u);
  EXPECT_FALSE((*a)->failure().empty());
  EXPECT_EQ((*a)->choose(b.get()).rung, 0u);  // and stays failed, without a program to ask
}

TEST(ExecNames, EmptyCommandIsAnError) {
  auto a = abr_exec::make_any_algorithm("exec:");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("needs a command"), std::string::npos);
  EXPECT_TRUE(abr_exec::make_any_algorithm("bb").ok());
  EXPECT_FALSE(abr_exec::make_any_algorithm("nope").ok());
}

}  // namespace
}  // namespace sim
