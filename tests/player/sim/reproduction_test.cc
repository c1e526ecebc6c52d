// The reproduction acceptance test: BB, RB, MPC and robustMPC on the shared
// Pensieve training traces with the reference model and video must match
// every row of abr-reference/pensieve-train-targets.csv to the printed
// precision (half a unit of the last printed digit).
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "media/file_io.h"
#include "media/net_trace.h"
#include "media/text.h"
#include "player/sim/bench.h"

namespace {

const std::string kShared = DS_SHARED_DIR;

struct Target {
  double qoe_lin_sum, qoe_lin, qoe_log, qoe_hd, bitrate_kbps, rebuffer_s, startup_s, switches;
};

// The targets' algorithm names → ours.
const std::map<std::string, std::string> kNames = {
    {"bb", "bb"}, {"rb", "rb"}, {"mpc_reset", "mpc"}, {"robustmpc_reset", "robustmpc"}};

std::map<std::pair<std::string, std::string>, Target> read_targets() {
  std::map<std::pair<std::string, std::string>, Target> targets;
  auto text = media::read_file(kShared + "/abr-reference/pensieve-train-targets.csv");
  EXPECT_TRUE(text.ok());
  if (!text.ok()) return targets;
  bool header = true;
  for (auto line : media::split_lines(*text)) {
    if (header || media::trim(line).empty()) {
      header = false;
      continue;
    }
    auto f = media::split(line, ',');
    EXPECT_EQ(f.size(), 11u) << line;
    if (f.size() != 11) continue;
    auto it = kNames.find(std::string(f[2]));
    if (it == kNames.end()) continue;  // robustmpc_asis is not a target
    auto num = [&](size_t i) { return media::parse_double(f[i]).value_or(NAN); };
    targets[{std::string(f[1]), it->second}] = {num(3), num(4), num(5), num(6), num(7), num(8), num(9), num(10)};
  }
  return targets;
}

// Half a unit of the last printed digit, plus room for the rounding of
// the printed value itself.
bool matches(double ours, double target, double unit) { return std::fabs(ours - target) <= 0.5 * unit + 1e-9; }

TEST(Reproduction, EveryTargetRowMatches) {
  auto targets = read_targets();
  ASSERT_EQ(targets.size(), 127u * 4);
  auto traces = media::read_traces(kShared + "/traces/pensieve-train");
  ASSERT_TRUE(traces.ok()) << traces.error();
  ASSERT_EQ(traces->size(), 127u);
  auto video = sim::load_video(kShared + "/abr-reference/pensieve-envivio");
  ASSERT_TRUE(video.ok()) << video.error();
  ASSERT_EQ(video->played_segments, 48u);

  const std::vector<std::string> algorithms = {"bb", "rb", "mpc", "robustmpc"};
  sim::BenchOptions options;
  options.keep_logs = false;
  auto result = sim::run_bench(*traces, *video, algorithms, options);
  ASSERT_TRUE(result.ok()) << result.error();
  std::map<std::string, double> worst;
  size_t mismatched = 0;
  for (const auto& s : result->sessions) {
    const std::string& trace = result->traces[s.trace];
    const std::string& algo = result->algorithms[s.algorithm];
    auto it = targets.find({trace, algo});
    ASSERT_NE(it, targets.end()) << trace << " " << algo;
    const Target& t = it->second;
    const auto& m = s.metrics;
    const bool ok = matches(m.qoe_lin_sum, t.qoe_lin_sum, 1e-6) && matches(m.qoe_lin, t.qoe_lin, 1e-6) &&
                    matches(m.qoe_log, t.qoe_log, 1e-6) && matches(m.qoe_hd, t.qoe_hd, 1e-6) &&
                    matches(m.bitrate_mbps * 1000, t.bitrate_kbps, 1e-3) &&
                    matches(m.rebuffer_s, t.rebuffer_s, 1e-6) && matches(m.startup_s, t.startup_s, 1e-6) &&
                    m.switches == t.switches;
    if (!ok) ++mismatched;
    EXPECT_TRUE(ok) << algo << " on " << trace << ": qoe_lin_sum " << m.qoe_lin_sum << " vs " << t.qoe_lin_sum
                    << ", qoe_log " << m.qoe_log << " vs " << t.qoe_log << ", qoe_hd " << m.qoe_hd << " vs "
                    << t.qoe_hd << ", bitrate " << m.bitrate_mbps * 1000 << " vs " << t.bitrate_kbps
                    << ", rebuffer " << m.rebuffer_s << " vs " << t.rebuffer_s << ", startup " << m.startup_s
                    << " vs " << t.startup_s << ", switches " << m.switches << " vs " << t.switches;
  }
  EXPECT_EQ(mismatched, 0u);
}

}  // namespace
