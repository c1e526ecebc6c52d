// The parallel bench: results do not depend on the thread count, names are
// checked before any work, and the report files have the columns the issue
// lists.
#include "player/sim/bench.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "media/text.h"
#include "player/sim/report.h"
#include "player/sim/video_source.h"
#include "support/process.h"

namespace sim {
namespace {

using testing_support::kShared;

class Bench : public ::testing::Test {
 protected:
  void SetUp() override {
    auto v = load_video(kShared + "/abr-reference/pensieve-envivio");
    ASSERT_TRUE(v.ok()) << v.error();
    video = std::move(v.value());
    auto t = media::read_traces(kShared + "/traces/pensieve-train");
    ASSERT_TRUE(t.ok()) << t.error();
    t.value().resize(6);
    traces = prepare_traces(std::move(t.value()));
  }
  VideoModel video;
  std::vector<BenchTrace> traces;
};

TEST_F(Bench, ResultsDoNotDependOnThreads) {
  const std::vector<std::string> algorithms = {"bb", "robustmpc", "bola-e"};
  BenchOptions one, three;
  one.jobs = 1;
  three.jobs = 3;
  for (auto model : {NetworkModelKind::kReference, NetworkModelKind::kRequest}) {
    one.model = three.model = model;
    auto a = run_bench(video, traces, algorithms, one);
    auto b = run_bench(video, traces, algorithms, three);
    ASSERT_TRUE(a.ok() && b.ok());
    for (size_t i = 0; i < a.value().outcomes.size(); ++i) {
      EXPECT_TRUE(a.value().outcomes[i].ok()) << a.value().outcomes[i].error;
      EXPECT_EQ(a.value().outcomes[i].metrics.qoe_lin, b.value().outcomes[i].metrics.qoe_lin);
      EXPECT_EQ(a.value().outcomes[i].metrics.rebuffer_s, b.value().outcomes[i].metrics.rebuffer_s);
    }
  }
}

TEST_F(Bench, UnknownAlgorithmIsAnErrorBeforeAnyWork) {
  const auto r = run_bench(video, traces, {"bb", "no-such-abr"}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("no-such-abr"), std::string::npos);
}

TEST_F(Bench, DefaultIsResolvedToItsName) {
  const auto r = run_bench(video, traces, {"default"}, {});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_NE(r.value().algorithms[0], "default");
}

TEST_F(Bench, ReportsHaveTheIssuesColumns) {
  auto r = run_bench(video, traces, {"bb", "rb"}, {});
  ASSERT_TRUE(r.ok());
  GroupReport g;
  g.info = {"video", "reference", {"traces"}, "x", "group-a"};
  g.video = &video;
  g.results = &r.value();
  g.traces = traces;
  g.summaries = summarize(r.value());
  const std::span<const GroupReport> groups(&g, 1);
  const std::string required = "algorithm,trace,sessions,qoe_lin,qoe_log,qoe_hd,bitrate_mbps,rebuffer_s,"
                               "rebuffer_count,switches,startup_s";
  const auto sessions = sessions_csv(groups);
  const auto lines = media::split_lines(sessions);
  EXPECT_TRUE(lines[0].starts_with(required)) << lines[0];
  EXPECT_TRUE(lines[1].starts_with("bb," + traces[0].trace.name + ",1,")) << lines[1];
  EXPECT_TRUE(lines[1].ends_with(",group-a")) << lines[1];
  const auto summary = summary_csv(groups);
  const auto srows = media::split_lines(summary);
  EXPECT_TRUE(srows[0].starts_with(required));
  EXPECT_TRUE(srows[1].starts_with("bb,,6,")) << srows[1];  // trace empty, sessions = count
  EXPECT_TRUE(srows[1].ends_with(",group-a")) << srows[1];
  // Same number of fields in every row of both files.
  for (const auto& text : {sessions, summary}) {
    const auto rows = media::split_lines(text);
    for (const auto& row : rows)
      if (!row.empty()) {
        EXPECT_EQ(media::split(row, ',').size(), media::split(rows[0], ',').size()) << row;
      }
  }
  const auto json = nlohmann::json::parse(summary_json(groups));
  ASSERT_EQ(json["groups"].size(), 1u);
  EXPECT_EQ(json["groups"][0]["group"], "group-a");
  EXPECT_EQ(json["groups"][0]["algorithms"].size(), 2u);
  EXPECT_EQ(json["groups"][0]["algorithms"][0]["sessions"], 6);
  ChosenSessions chosen;
  chosen.trace = traces[0].trace.name;
  SessionResult s;
  ASSERT_TRUE(run_session(video, traces[0], "bb", {}, s).ok());
  chosen.runs.emplace_back("bb", s);
  g.chosen = {chosen};
  const auto html = report_html(groups);
  size_t svgs = 0;
  for (size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) ++svgs;
  // Three CDFs, bitrate against rebuffering, predicted against actual
  // (scatter and CDF: rb predicts), bitrate + buffer of the chosen trace.
  EXPECT_EQ(svgs, 3u + 1u + 2u + 2u);
  EXPECT_NE(html.find("<h2>group-a</h2>"), std::string::npos);
}

TEST_F(Bench, RecordsEveryPredictionAgainstWhatFollowed) {
  auto r = run_bench(video, traces, {"bb", "rb"}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().at(0, 0).predictions.empty());  // bb predicts nothing
  const auto& rb = r.value().at(1, 0).predictions;
  ASSERT_EQ(rb.size(), 47u);  // chunks 1..47
  SessionResult s;
  ASSERT_TRUE(run_session(video, traces[0], "rb", {}, s).ok());
  // Segment 5: rb's estimate when it chose it, and its bytes over its transfer time.
  EXPECT_EQ(rb[4].segment, 5u);
  EXPECT_FLOAT_EQ(rb[4].predicted_bps, static_cast<float>(s.chunks[5].estimate_bps));
  EXPECT_FLOAT_EQ(rb[4].actual_bps, static_cast<float>(s.chunks[5].size_bytes * 8 / s.chunks[5].transfer_s));
  GroupReport g;
  g.results = &r.value();
  g.traces = traces;
  const auto csv = predictions_csv(std::span<const GroupReport>(&g, 1));
  EXPECT_EQ(media::split_lines(csv).size(), 1 + 6 * 47u);  // header and rb's rows
  EXPECT_TRUE(csv.starts_with("algorithm,trace,segment,predicted_bps,actual_bps,group\nrb," + traces[0].trace.name +
                              ",1,"))
      << csv.substr(0, 200);
}

TEST_F(Bench, AFailedSessionIsReportedAndLeftOutOfTheMeans) {
  // The trace readers refuse such a trace; a program may still build one.
  media::NetworkTrace dead;
  dead.name = "dead";
  dead.cooked_samples = {{0, 0}, {1, 0}, {2, 0}};
  dead.periods = {{1, 0, 0}, {1, 0, 0}};
  std::vector<media::NetworkTrace> list = {traces[0].trace, dead};
  const auto two = prepare_traces(std::move(list));
  auto r = run_bench(video, two, {"bb"}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().at(0, 0).ok());
  EXPECT_FALSE(r.value().at(0, 1).ok());
  EXPECT_NE(r.value().at(0, 1).error.find("dead"), std::string::npos);
  const auto s = summarize(r.value());
  EXPECT_EQ(s[0].sessions, 1u);
  EXPECT_EQ(s[0].failed, 1u);
  EXPECT_EQ(s[0].mean.qoe_lin, r.value().at(0, 0).metrics.qoe_lin);
  GroupReport g;
  g.results = &r.value();
  g.traces = two;
  const std::string csv = sessions_csv(std::span<const GroupReport>(&g, 1));
  const auto rows = media::split_lines(csv);
  EXPECT_EQ(media::split(rows[2], ',').size(), media::split(rows[0], ',').size()) << rows[2];
}

TEST_F(Bench, SummaryMeansAreMeansOverSessions) {
  auto r = run_bench(video, traces, {"bb"}, {});
  ASSERT_TRUE(r.ok());
  double q = 0;
  for (size_t t = 0; t < traces.size(); ++t) q += r.value().at(0, t).metrics.qoe_lin;
  const auto s = summarize(r.value());
  EXPECT_NEAR(s[0].mean.qoe_lin, q / static_cast<double>(traces.size()), 1e-12);
  EXPECT_EQ(s[0].sessions, traces.size());
}

TEST_F(Bench, TimeSeriesPicksDistinctTracesAndTheDefaultFirst) {
  const auto picked = pick_traces_for_time_series(traces);
  EXPECT_GE(picked.size(), 2u);
  std::vector<AlgorithmSummary> s(3);
  s[0].algorithm = "bb";
  s[0].mean.qoe_lin = 1;
  s[1].algorithm = "ours";
  s[1].mean.qoe_lin = 0;
  s[2].algorithm = "rb";
  s[2].mean.qoe_lin = 2;
  EXPECT_EQ(pick_algorithms_for_time_series(s, "ours", 2), (std::vector<size_t>{1, 2}));
}

}  // namespace
}  // namespace sim
