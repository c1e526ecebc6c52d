// The shipped Python example (player/abr_exec/examples/bb.py) run as
// exec:CMD reproduces the built-in bb exactly: every session's metrics, and
// every decision, in both network models.
#include <gtest/gtest.h>

#include "player/sim/bench.h"
#include "player/sim/video_source.h"
#include "support/process.h"

namespace sim {
namespace {

using testing_support::kShared;
const std::string kPythonBb =
    "exec:python3 " + testing_support::shell_quote(std::string(DS_SOURCE_DIR) + "/player/abr_exec/examples/bb.py");

std::vector<BenchTrace> first_traces(const std::string& dir, size_t count) {
  auto t = media::read_traces(dir);
  EXPECT_TRUE(t.ok()) << t.error();
  if (!t.ok()) return {};
  t.value().resize(std::min(count, t.value().size()));
  return prepare_traces(std::move(t.value()));
}

void expect_same_sessions(const VideoModel& video, const std::vector<BenchTrace>& traces, BenchOptions options) {
  options.jobs = 1;
  auto r = run_bench(video, traces, {"bb", kPythonBb}, options);
  ASSERT_TRUE(r.ok()) << r.error();
  for (size_t t = 0; t < traces.size(); ++t) {
    const auto &builtin = r->at(0, t), &external = r->at(1, t);
    ASSERT_TRUE(builtin.ok() && external.ok()) << external.error;
    EXPECT_EQ(builtin.metrics.qoe_lin, external.metrics.qoe_lin) << traces[t].trace.name;
    EXPECT_EQ(builtin.metrics.rebuffer_s, external.metrics.rebuffer_s) << traces[t].trace.name;
    EXPECT_EQ(builtin.metrics.switches, external.metrics.switches) << traces[t].trace.name;
  }
  // Decision by decision on one trace.
  SessionResult a, b;
  ASSERT_TRUE(run_session(video, traces[0], "bb", options, a).ok());
  ASSERT_TRUE(run_session(video, traces[0], kPythonBb, options, b).ok());
  ASSERT_EQ(a.chunks.size(), b.chunks.size());
  for (size_t n = 0; n < a.chunks.size(); ++n) {
    EXPECT_EQ(a.chunks[n].rung, b.chunks[n].rung) << n;
    EXPECT_EQ(a.chunks[n].buffer_s, b.chunks[n].buffer_s) << n;
  }
}

TEST(ExecBb, ReproducesTheBuiltInBbInTheReferenceModel) {
  auto video = load_video(kShared + "/abr-reference/pensieve-envivio");
  ASSERT_TRUE(video.ok()) << video.error();
  expect_same_sessions(video.value(), first_traces(kShared + "/traces/pensieve-train", 12), {});
}

TEST(ExecBb, ReproducesTheBuiltInBbInTheRequestModel) {
  // The request model also asks about abandonment while downloads run.
  auto video = load_video(kShared + "/abr-reference/sabre/bbb4k.json");
  ASSERT_TRUE(video.ok()) << video.error();
  BenchOptions options;
  options.model = NetworkModelKind::kRequest;
  expect_same_sessions(video.value(), first_traces(kShared + "/traces/sabre-4g-belgium", 2), options);
}

}  // namespace
}  // namespace sim
