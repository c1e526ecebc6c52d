#include "origin/trace_pacer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <random>

#include "media/net_trace.h"
#include "support/process.h"

namespace origin {
namespace {

// 8 Mbit/s (1 MB/s) for 2 s, then 800 kbit/s (100 kB/s) for 2 s, wrapping.
TracePacer stepped_pacer() { return TracePacer({{2.0, 8e6, 10}, {2.0, 0.8e6, 50}}); }

TEST(TracePacer, WithinOnePeriod) { EXPECT_DOUBLE_EQ(stepped_pacer().finish_time(0, 500'000), 0.5); }

TEST(TracePacer, AcrossPeriods) {
  // 1.5 MB from t=1: 1 MB by t=2, 0.2 MB in the slow period (t=2..4), the
  // last 0.3 MB in 0.3 s once the fast period returns.
  EXPECT_NEAR(stepped_pacer().finish_time(1.0, 1'500'000), 4.3, 1e-9);
}

TEST(TracePacer, WrapsAndSkipsWholeCycles) {
  // One cycle delivers 2 MB + 0.2 MB in 4 s; 22 MB from t=0 takes exactly 10 cycles.
  EXPECT_NEAR(stepped_pacer().finish_time(0, 22'000'000), 40.0, 1e-6);
  EXPECT_NEAR(stepped_pacer().finish_time(0, 2'100'000), 3.0, 1e-9);
}

TEST(TracePacer, ZeroRatePeriodsWaitForTheNext) {
  TracePacer p({{1.0, 0, 0}, {1.0, 8e6, 0}});
  EXPECT_NEAR(p.finish_time(0, 100'000), 1.1, 1e-9);
}

TEST(TracePacer, LatencyFollowsTheTrace) {
  EXPECT_EQ(stepped_pacer().latency_ms_at(1), 10);
  EXPECT_EQ(stepped_pacer().latency_ms_at(3), 50);
  EXPECT_EQ(stepped_pacer().latency_ms_at(5), 10);  // wrapped
  EXPECT_EQ(stepped_pacer().rate_bps_at(1), 8e6);
  EXPECT_EQ(stepped_pacer().rate_bps_at(3), 0.8e6);
  EXPECT_EQ(stepped_pacer().rate_bps_at(5), 8e6);
  EXPECT_DOUBLE_EQ(TracePacer::constant(4e6).finish_time(0, 500'000), 1.0);
}

constexpr double kTimeToleranceS = 1e-6;
constexpr unsigned kWatchdogS = 20;

// A pacer bug can loop forever: SIGALRM ends the test process (a failure)
// instead of letting it hang.
struct Watchdog {
  explicit Watchdog(unsigned seconds) { ::alarm(seconds); }
  ~Watchdog() { ::alarm(0); }
};

// One trace of each shared format (Mahimahi is made here: none is shared).
std::vector<media::NetworkTrace> sample_traces() {
  std::vector<media::NetworkTrace> traces;
  const auto shared = testing_support::shared_dir() / "traces";
  for (const char* file : {"sabre-example/network.json", "sabre-4g-belgium/report_bus_0001.json",
                           "pensieve-train/trace_797172_http---www.yahoo.com"}) {
    auto t = media::read_trace_file(shared / file);
    EXPECT_TRUE(t.ok()) << file << ": " << (t.ok() ? "" : t.error().message);
    if (t.ok()) traces.push_back(*t);
  }
  // Mahimahi: bursts of 3 packets every 4 ms, a silent gap, for 300 ms.
  std::string mahimahi;
  for (int ms = 4; ms <= 200; ms += 4)
    for (int k = 0; k < 3; ++k) mahimahi += std::to_string(ms) + "\n";
  mahimahi += "300\n";
  auto m = media::parse_trace(mahimahi, "mahimahi");
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  if (m.ok()) traces.push_back(*m);
  return traces;
}

double cycle_bytes(const media::NetworkTrace& t) {
  double bytes = 0;
  for (const auto& p : t.periods) bytes += p.rate_bps / 8 * p.duration_s;
  return bytes;
}

TEST(TracePacer, PeriodBoundaryRoundingTerminates) {
  // 607 periods of about 1 s: t - cycle_start once rounded to just below a
  // period's end, the same empty period was found again and again.
  Watchdog watchdog(kWatchdogS);
  auto trace = media::read_trace_file(testing_support::shared_dir() / "traces/sabre-4g-belgium/report_bus_0001.json");
  ASSERT_TRUE(trace.ok());
  TracePacer pacer(trace->periods);
  const double t = pacer.finish_time(1416.6157425977276, 256778842.83686942);
  EXPECT_GT(t, 1416.6157425977276);
  EXPECT_NEAR(t, 1416.6157425977276 + 256778842.83686942 * 8 / trace->mean_rate_bps(), 0.5 * pacer.cycle_s());
}

TEST(TracePacer, TransfersSplitAnywhereTakeTheSameTime) {
  Watchdog watchdog(kWatchdogS);
  std::mt19937_64 rng(7);
  for (const auto& trace : sample_traces()) {
    TracePacer pacer(trace.periods);
    const double per_cycle = cycle_bytes(trace);
    std::uniform_real_distribution<double> start(0, 3 * pacer.cycle_s());
    std::uniform_real_distribution<double> bytes(1, 3 * per_cycle);
    for (int i = 0; i < 200; ++i) {
      const double t0 = start(rng), b = bytes(rng), split = std::uniform_real_distribution<double>(0, b)(rng);
      const double whole = pacer.finish_time(t0, b);
      const double halves = pacer.finish_time(pacer.finish_time(t0, split), b - split);
      ASSERT_NEAR(whole, halves, kTimeToleranceS * std::max(1.0, whole)) << trace.name << " t0=" << t0 << " b=" << b;
      ASSERT_GE(whole, t0) << trace.name;
      ASSERT_LE(pacer.finish_time(t0, split), whole) << trace.name;  // monotone in bytes
    }
  }
}

TEST(TracePacer, OneCycleOfBytesTakesOneCycle) {
  Watchdog watchdog(kWatchdogS);
  for (const auto& trace : sample_traces()) {
    TracePacer pacer(trace.periods);
    const double per_cycle = cycle_bytes(trace);
    // From the start of a cycle, k cycles' bytes end no later than k cycles
    // (earlier only when the trace ends with a silent period).
    for (int k : {1, 2, 5, 50}) {
      const double t = pacer.finish_time(0, k * per_cycle);
      EXPECT_LE(t, k * pacer.cycle_s() + kTimeToleranceS * k * pacer.cycle_s()) << trace.name << " k=" << k;
      EXPECT_GT(t, (k - 1) * pacer.cycle_s()) << trace.name << " k=" << k;
    }
    // Mean goodput over many cycles is the trace's mean rate.
    const double long_bytes = 40 * per_cycle;
    const double mean_bps = long_bytes * 8 / pacer.finish_time(0, long_bytes);
    EXPECT_NEAR(mean_bps, trace.mean_rate_bps(), 0.03 * trace.mean_rate_bps()) << trace.name;
  }
}

TEST(TracePacer, LatencyWrapsWithTheTrace) {
  TracePacer pacer({{1.0, 8e6, 10}, {1.0, 8e6, 90}});
  EXPECT_EQ(pacer.latency_ms_at(0.5), 10);
  EXPECT_EQ(pacer.latency_ms_at(1.5), 90);
  EXPECT_EQ(pacer.latency_ms_at(2.5), 10);
  EXPECT_EQ(pacer.latency_ms_at(1001.5), 90);
}

}  // namespace
}  // namespace origin
