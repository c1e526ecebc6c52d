#include "media/net_trace.h"

#include <gtest/gtest.h>

namespace media {
namespace {

TEST(NetTrace, PensieveCookedSampleHoldsBeforeItsTime) {
  auto t = parse_pensieve_cooked("0.0\t1.0\n5.0\t2.0\n10.0\t0.5\n", "x");
  ASSERT_TRUE(t.ok()) << t.error();
  ASSERT_EQ(t->cooked_samples.size(), 3u);
  ASSERT_EQ(t->periods.size(), 2u);
  EXPECT_EQ(t->periods[0], (TracePeriod{5.0, 2e6, 0}));
  EXPECT_EQ(t->periods[1], (TracePeriod{5.0, 0.5e6, 0}));
  EXPECT_DOUBLE_EQ(t->total_duration_s(), 10.0);
  EXPECT_DOUBLE_EQ(t->mean_rate_bps(), 1.25e6);
  EXPECT_DOUBLE_EQ(t->period_at(7.0).rate_bps, 0.5e6);
  EXPECT_DOUBLE_EQ(t->period_at(12.0).rate_bps, 2e6);  // wraps
}

TEST(NetTrace, SabreJsonPeriods) {
  auto t = parse_trace(R"([{"duration_ms": 1000, "bandwidth_kbps": 3000, "latency_ms": 20},
                          {"duration_ms": 500, "bandwidth_kbps": 100, "latency_ms": 75}])", "s");
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->format, TraceFormat::kSabreJson);
  EXPECT_EQ(t->periods[1], (TracePeriod{0.5, 100e3, 75}));
}

TEST(NetTrace, MahimahiBucketsPackets) {
  // 10 packets in the first 100 ms, none in the next 100 ms: period 200 ms.
  std::string text;
  for (int i = 1; i <= 10; ++i) text += std::to_string(i * 10) + "\n";
  text += "200\n";
  auto t = parse_trace(text, "m");
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->format, TraceFormat::kMahimahi);
  ASSERT_EQ(t->periods.size(), 2u);
  EXPECT_DOUBLE_EQ(t->periods[0].rate_bps, 10 * 1500 * 8 / 0.1);
  EXPECT_DOUBLE_EQ(t->periods[1].rate_bps, 1 * 1500 * 8 / 0.1);
}

TEST(NetTrace, ReadsEverySharedTrace) {
  for (const char* dir : {"pensieve-train", "sabre-4g-belgium", "sabre-example"}) {
    auto traces = read_traces(std::string(DS_SHARED_DIR) + "/traces/" + dir);
    ASSERT_TRUE(traces.ok()) << traces.error();
    EXPECT_GT(traces->size(), 0u);
  }
}

TEST(NetTrace, MalformedInputsAreErrors) {
  for (const char* bad : {"", "0 1\n", "0 1\n1 x\n", "0 1\n2 1\n1 1\n", "0 -1\n1 -2\n", "0 0\n1 0\n",
                          "[", "[{}]", "[{\"duration_ms\": -1, \"bandwidth_kbps\": 1}]", "{}", "1\nfoo\n",
                          "5\n3\n", "0\n", "[{\"duration_ms\": 1e999, \"bandwidth_kbps\": 1}]"}) {
    auto t = parse_trace(bad, "bad");
    EXPECT_FALSE(t.ok()) << "accepted: " << bad;
  }
  auto missing = read_trace_file("/nonexistent/trace");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace media
