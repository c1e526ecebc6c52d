// CMCD in /metrics: buffer length and measured throughput histograms in
// seconds and bit/s, the startup share of requests, starvations and payloads
// that did not parse.
#include "origin/cmcd_metrics.h"

#include <gtest/gtest.h>

namespace origin {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

TEST(CmcdMetrics, HistogramsSharesAndCounts) {
  CmcdMetrics m;
  m.observe(*parse_cmcd("bl=1500,mtp=3000,su"));      // 1.5 s, 3 Mbit/s, startup
  m.observe(*parse_cmcd("bl=20000,mtp=40000"));       // 20 s, 40 Mbit/s
  m.observe(*parse_cmcd("bl=300,bs,su"));             // 0.3 s, a starvation, startup
  m.observe(*parse_cmcd("ot=m"));                     // neither bl nor mtp
  m.invalid();
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "dash_origin_cmcd_requests_total{startup=\"true\"} 2")) << text;
  EXPECT_TRUE(has_line(text, "dash_origin_cmcd_requests_total{startup=\"false\"} 2")) << text;
  EXPECT_TRUE(has_line(text, "dash_origin_cmcd_startup_share 0.5")) << text;
  EXPECT_TRUE(has_line(text, "dash_origin_cmcd_buffer_starvations_total 1")) << text;
  EXPECT_TRUE(has_line(text, "dash_origin_cmcd_invalid_total 1")) << text;
  EXPECT_TRUE(has_line(text, "dash_origin_cmcd_buffer_length_seconds_bucket{le=\"0.5\"} 1")) << text;
  EXPECT_TRUE(has_line(text, "dash_origin_cmcd_buffer_length_seconds_bucket{le=\"2\"} 2")) << text;
  EXPECT_TRUE(has_line(text, "dash_origin_cmcd_buffer_length_seconds_bucket{le=\"30\"} 3")) << text;
  EXPECT_TRUE(has_line(text, "dash_origin_cmcd_buffer_length_seconds_count 3")) << text;
  EXPECT_TRUE(has_line(text, "dash_origin_cmcd_buffer_length_seconds_sum 21.8")) << text;
  EXPECT_TRUE(has_line(text, "dash_origin_cmcd_measured_throughput_bits_per_second_bucket{le=\"4e+06\"} 1")) << text;
  EXPECT_TRUE(has_line(text, "dash_origin_cmcd_measured_throughput_bits_per_second_bucket{le=\"6.4e+07\"} 2")) << text;
  EXPECT_TRUE(has_line(text, "dash_origin_cmcd_measured_throughput_bits_per_second_count 2")) << text;
}

TEST(CmcdMetrics, NoRequestsMeansAZeroShare) {
  EXPECT_TRUE(has_line(CmcdMetrics().render(), "dash_origin_cmcd_startup_share 0"));
}

}  // namespace
}  // namespace origin
