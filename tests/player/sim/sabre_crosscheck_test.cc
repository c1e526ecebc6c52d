// The request-level model with our throughput rule, BOLA-E and DYNAMIC does
// what Sabre does, segment by segment (data/sabre_crosscheck.csv, see
// data/README.md for how it was produced).
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "media/text.h"
#include "player/sim/bench.h"
#include "player/sim/video_source.h"
#include "support/csv.h"
#include "support/process.h"

namespace sim {
namespace {

using testing_support::kShared;
const std::string kData = std::string(DS_SOURCE_DIR) + "/tests/player/sim/data/sabre_crosscheck.csv";

struct Row {
  std::string algorithm, video, trace;
  double rebuffer_s = 0;
  int abandoned = 0;
  std::string rungs;
};

std::vector<Row> read_rows() {
  std::vector<Row> rows;
  auto table = testing_support::read_csv(kData);
  EXPECT_TRUE(table.ok()) << table.error();
  if (!table) return rows;
  EXPECT_EQ(table->header.size(), 6u);
  for (const auto& f : table->rows) {
    if (f.size() != 6) continue;
    rows.push_back({f[0], f[1], f[2], *media::parse_double(f[3]), static_cast<int>(*media::parse_int64(f[4])), f[5]});
  }
  return rows;
}

std::string trace_path(const std::string& name) {
  return kShared + (name == "network.json" ? "/traces/sabre-example/" : "/traces/sabre-4g-belgium/") + name;
}

TEST(SabreCrossCheck, RequestModelMatchesSabreOnEverySegment) {
  const auto rows = read_rows();
  ASSERT_EQ(rows.size(), 3u * 41u);
  std::map<std::string, VideoModel> videos;
  BenchOptions options;
  options.model = NetworkModelKind::kRequest;
  options.request.buffer_cap_s = 25;
  options.request.safety_net = false;  // Sabre has no such rule
  size_t mismatched = 0;
  for (const auto& row : rows) {
    if (!videos.count(row.video)) {
      auto v = load_video(kShared + "/abr-reference/sabre/" + row.video);
      ASSERT_TRUE(v.ok()) << v.error();
      videos.emplace(row.video, std::move(v.value()));
    }
    auto trace = media::read_trace_file(trace_path(row.trace));
    ASSERT_TRUE(trace.ok()) << trace.error();
    std::vector<media::NetworkTrace> one;
    one.push_back(std::move(trace.value()));
    const auto prepared = prepare_traces(std::move(one));
    SessionResult session;
    ASSERT_TRUE(run_session(videos.at(row.video), prepared[0], row.algorithm, options, session).ok());
    std::string rungs;
    double rebuffer_s = 0;
    int abandoned = 0;
    for (const auto& c : session.chunks) {
      rungs += static_cast<char>('0' + c.rung);
      rebuffer_s += c.rebuffer_s;
      abandoned += static_cast<int>(c.abandoned);
    }
    const bool ok = rungs == row.rungs && abandoned == row.abandoned && std::fabs(rebuffer_s - row.rebuffer_s) < 1e-5;
    if (!ok) {
      ++mismatched;
      size_t at = 0;
      while (at < rungs.size() && at < row.rungs.size() && rungs[at] == row.rungs[at]) ++at;
      ADD_FAILURE() << row.algorithm << " on " << row.trace << ": first different segment " << at << ", rebuffer "
                    << rebuffer_s << " s (Sabre " << row.rebuffer_s << "), abandoned " << abandoned << " (Sabre "
                    << row.abandoned << ")";
    }
  }
  EXPECT_EQ(mismatched, 0u);
}

}  // namespace
}  // namespace sim
