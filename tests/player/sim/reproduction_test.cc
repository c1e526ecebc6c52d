// The reference simulator plus the reference baselines reproduce every row of
// abr-reference/pensieve-train-targets.csv to its printed precision, and the
// summary table of REFERENCE-MODEL.md.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "media/text.h"
#include "player/sim/bench.h"
#include "player/sim/pensieve_video.h"
#include "support/csv.h"
#include "support/process.h"

namespace sim {
namespace {

using testing_support::kShared;

struct TargetRow {
  std::string trace;
  std::string algorithm;
  std::vector<std::string> fields;  // as printed, columns 3..
};

// Columns of the targets file after set,trace,algorithm.
const std::vector<std::string> kColumns = {"qoe_lin_sum", "qoe_lin",   "qoe_log",  "qoe_hd",
                                           "bitrate_kbps", "rebuffer_s", "startup_s", "switches"};

std::vector<TargetRow> read_targets() {
  auto table = testing_support::read_csv(kShared + "/abr-reference/pensieve-train-targets.csv");
  EXPECT_TRUE(table.ok()) << table.error();
  std::vector<TargetRow> rows;
  if (!table) return rows;
  EXPECT_EQ(table->header.size(), 3 + kColumns.size());
  for (const auto& f : table->rows) {
    if (f.size() != 3 + kColumns.size()) continue;
    rows.push_back({f[1], f[2], std::vector<std::string>(f.begin() + 3, f.end())});
  }
  return rows;
}

std::vector<double> values_of(const SessionMetrics& m) {
  return {m.qoe_lin_sum, m.qoe_lin,       m.qoe_log,   m.qoe_hd, m.bitrate_mbps * 1000,
          m.rebuffer_s,  m.startup_s, m.switches};
}

// Ours printed like the target; equal text, or within half a unit of the
// last printed digit (a value on a rounding boundary may print either way).
bool matches(double ours, const std::string& printed) {
  const auto dot = printed.find('.');
  const int decimals = dot == std::string::npos ? 0 : static_cast<int>(printed.size() - dot - 1);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, ours);
  if (printed == buf) return true;
  const auto target = media::parse_double(printed);
  return target && std::fabs(ours - *target) <= 0.5 * std::pow(10.0, -decimals) + 1e-12;
}

class Reproduction : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto video = read_pensieve_video(kShared + "/abr-reference/pensieve-envivio");
    ASSERT_TRUE(video.ok()) << video.error();
    video_ = new VideoModel(std::move(video.value()));
    auto traces = media::read_traces(kShared + "/traces/pensieve-train");
    ASSERT_TRUE(traces.ok()) << traces.error();
    traces_ = new std::vector<BenchTrace>(prepare_traces(std::move(traces.value())));
    BenchOptions options;
    options.jobs = 2;
    auto results = run_bench(*video_, *traces_, {"bb", "rb", "mpc", "robustmpc"}, options);
    ASSERT_TRUE(results.ok()) << results.error();
    results_ = new BenchResults(std::move(results.value()));
  }
  static void TearDownTestSuite() {
    delete results_;
    delete traces_;
    delete video_;
  }

  static inline VideoModel* video_ = nullptr;
  static inline std::vector<BenchTrace>* traces_ = nullptr;
  static inline BenchResults* results_ = nullptr;
};

const std::map<std::string, size_t> kTargetAlgorithm = {{"bb", 0}, {"rb", 1}, {"mpc_reset", 2}, {"robustmpc_reset", 3}};

TEST_F(Reproduction, VideoIsThePensieveReference) {
  ASSERT_NE(video_, nullptr);
  EXPECT_EQ(video_->segment_count, 48u);
  EXPECT_EQ(video_->rows(), 49u);
  EXPECT_EQ(video_->rungs(), 6u);
  ASSERT_NE(traces_, nullptr);
  EXPECT_EQ(traces_->size(), 127u);
}

TEST_F(Reproduction, EveryTargetRowMatches) {
  ASSERT_NE(results_, nullptr);
  std::map<std::string, size_t> trace_index;
  for (size_t t = 0; t < traces_->size(); ++t) trace_index[(*traces_)[t].trace.name] = t;
  size_t checked = 0, mismatched_rows = 0;
  for (const auto& row : read_targets()) {
    const auto a = kTargetAlgorithm.find(row.algorithm);
    if (a == kTargetAlgorithm.end()) continue;  // robustmpc_asis is not a target
    const auto t = trace_index.find(row.trace);
    ASSERT_NE(t, trace_index.end()) << row.trace;
    const auto& outcome = results_->at(a->second, t->second);
    ASSERT_TRUE(outcome.ok()) << outcome.error;
    const auto ours = values_of(outcome.metrics);
    bool row_ok = true;
    for (size_t i = 0; i < kColumns.size(); ++i) {
      if (!matches(ours[i], row.fields[i])) {
        row_ok = false;
        ADD_FAILURE() << row.algorithm << " on " << row.trace << ": " << kColumns[i] << " is "
                      << std::to_string(ours[i]) << ", target " << row.fields[i];
      }
    }
    if (!row_ok) ++mismatched_rows;
    ++checked;
  }
  EXPECT_EQ(checked, 4u * 127u);
  EXPECT_EQ(mismatched_rows, 0u);
}

// REFERENCE-MODEL.md: mean QoE_lin/chunk, bitrate, rebuffer/session, switches/session.
TEST_F(Reproduction, SummaryTableMatches) {
  ASSERT_NE(results_, nullptr);
  struct Expected {
    double qoe_lin, bitrate_mbps, rebuffer_s, switches;
  };
  const std::vector<Expected> table = {
      {0.3337, 1.276, 6.379, 25.1}, {0.4365, 1.031, 5.853, 4.6}, {0.0766, 1.356, 12.513, 9.4}, {0.5210, 1.303, 7.046, 8.8}};
  for (size_t a = 0; a < table.size(); ++a) {
    double q = 0, b = 0, r = 0, s = 0;
    for (size_t t = 0; t < results_->trace_count; ++t) {
      const auto& m = results_->at(a, t).metrics;
      q += m.qoe_lin;
      b += m.bitrate_mbps;
      r += m.rebuffer_s;
      s += m.switches;
    }
    const double n = static_cast<double>(results_->trace_count);
    EXPECT_NEAR(q / n, table[a].qoe_lin, 0.5e-4) << results_->algorithms[a];
    EXPECT_NEAR(b / n, table[a].bitrate_mbps, 0.5e-3) << results_->algorithms[a];
    EXPECT_NEAR(r / n, table[a].rebuffer_s, 0.5e-3) << results_->algorithms[a];
    EXPECT_NEAR(s / n, table[a].switches, 0.05) << results_->algorithms[a];
  }
}

}  // namespace
}  // namespace sim
