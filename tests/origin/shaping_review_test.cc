// Review tests of shaping on loopback: every trace format drives the link
// (Pensieve cooked, Mahimahi, Sabre latency), transfers wrap around the end of
// the trace, a session's clock starts at its first request (not at server
// start), and a new connection without a session id is a new session.
// Predictions are worked out by hand from the trace (in comments), so a pacer
// bug cannot hang the test itself; the server's answer is bounded by the
// client's read timeout.
#include <fstream>
#include <thread>

#include "media/net_trace.h"
#include "origin_fixture.h"

namespace origin_test {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kGoodputTolerance = 0.05;  // the issue's bound for goodput against a trace
// Tests of session semantics: the wrong behaviour would be off by a factor
// (the slow period, or a shared link), so a wider bound keeps them robust on
// a loaded machine.
constexpr double kSemanticsTolerance = 0.10;
constexpr double kLatencyToleranceS = 0.08;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

class ShapingReview : public OriginFixture {
 protected:
  // Writes `text` as a trace file (checked to parse) and returns its path.
  std::string write_trace(const std::string& name, const std::string& text) {
    const auto path = dir_->path() / name;
    std::ofstream(path) << text;
    auto trace = media::read_trace_file(path);
    EXPECT_TRUE(trace.ok()) << (trace.ok() ? "" : trace.error().message);
    return path.string();
  }

  // Downloads `path` (whole) in session `session`; seconds from the request to the last byte.
  double timed_get(const std::string& path, const std::string& session, size_t expect_bytes) {
    auto c = client();
    httplib::Headers h;
    if (!session.empty()) h.emplace("X-Session-Id", session);
    const auto t0 = Clock::now();
    auto r = c.Get(path, h);
    const double s = seconds_since(t0);
    EXPECT_TRUE(r);
    if (r) {
      EXPECT_EQ(r->body.size(), expect_bytes);
    }
    return s;
  }
};

TEST_F(ShapingReview, PensieveCookedTraceDrivesTheLink) {
  // Sample k holds during (t[k-1], t[k]]: 6 Mbit/s for 1 s, then 2 Mbit/s for 2 s.
  const auto trace = write_trace("cooked", "0.0\t9.0\n1.0\t6.0\n2.0\t2.0\n3.0\t2.0\n");
  write("show/p.m4s", random_bytes(1'000'000, 21));
  start({"--trace", trace, "--access-log", "off"});
  const double predicted = 2.0;  // 0.75 MB in the first second, the last 0.25 MB at 0.25 MB/s
  EXPECT_NEAR(timed_get("/show/p.m4s", "cooked", 1'000'000), predicted, kGoodputTolerance * predicted);
}

TEST_F(ShapingReview, MahimahiTraceDrivesTheLink) {
  // One 1500-byte packet per ms for 500 ms (12 Mbit/s), then one per 4 ms for 500 ms (3 Mbit/s).
  std::string mm;
  for (int ms = 1; ms <= 500; ++ms) mm += std::to_string(ms) + "\n";
  for (int ms = 504; ms <= 1000; ms += 4) mm += std::to_string(ms) + "\n";
  const auto trace = write_trace("mahimahi.trace", mm);
  write("show/m.m4s", random_bytes(1'500'000, 22));
  start({"--trace", trace, "--access-log", "off"});
  // One cycle (1 s) carries 750 kB + 187.5 kB; the last 562.5 kB go at
  // 1.5 MB/s after the wrap: 1.375 s.
  const double predicted = 1.375;
  EXPECT_NEAR(timed_get("/show/m.m4s", "mm", 1'500'000), predicted, kGoodputTolerance * predicted);
}

TEST_F(ShapingReview, SabreLatencyIsPerPeriod) {
  const auto trace = write_trace("sabre.json",
                                 R"([{"duration_ms": 1000, "bandwidth_kbps": 40000, "latency_ms": 300},
                                     {"duration_ms": 2000, "bandwidth_kbps": 40000, "latency_ms": 0}])");
  start({"--trace", trace, "--access-log", "off"});
  auto c = client();
  const httplib::Headers session{{"X-Session-Id", "sabre"}};
  auto t0 = Clock::now();
  ASSERT_TRUE(c.Get("/secret.txt", session));
  EXPECT_NEAR(seconds_since(t0), 0.3, kLatencyToleranceS);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // into the second period
  t0 = Clock::now();
  ASSERT_TRUE(c.Get("/secret.txt", session));
  EXPECT_LT(seconds_since(t0), kLatencyToleranceS);
}

TEST_F(ShapingReview, SessionClockStartsAtItsFirstRequest) {
  // Fast for 2 s, then very slow: a session that started with the server
  // would be in the slow part by now.
  const auto trace = write_trace("late.json",
                                 R"([{"duration_ms": 2000, "bandwidth_kbps": 8000, "latency_ms": 0},
                                     {"duration_ms": 20000, "bandwidth_kbps": 400, "latency_ms": 0}])");
  write("show/late.m4s", random_bytes(1'200'000, 23));
  start({"--trace", trace, "--access-log", "off"});
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  const double predicted = 1.2;  // 1.2 MB at 1 MB/s
  EXPECT_NEAR(timed_get("/show/late.m4s", "late", 1'200'000), predicted, kSemanticsTolerance * predicted);
}

TEST_F(ShapingReview, EachNewConnectionIsANewSessionByDefault) {
  const auto trace = write_trace("conn.json",
                                 R"([{"duration_ms": 2000, "bandwidth_kbps": 8000, "latency_ms": 0},
                                     {"duration_ms": 20000, "bandwidth_kbps": 400, "latency_ms": 0}])");
  write("show/c.m4s", random_bytes(1'200'000, 24));
  start({"--trace", trace, "--access-log", "off"});
  const double predicted = 1.2;  // 1.2 MB at 1 MB/s
  // Two clients one after the other: each connection starts the trace anew.
  EXPECT_NEAR(timed_get("/show/c.m4s", "", 1'200'000), predicted, kSemanticsTolerance * predicted);
  EXPECT_NEAR(timed_get("/show/c.m4s", "", 1'200'000), predicted, kSemanticsTolerance * predicted);
}

TEST_F(ShapingReview, ByteRangesArePacedToo) {
  write("show/ranged.mp4", random_bytes(3'000'000, 25));
  start({"--rate", "4mbit", "--access-log", "off"});
  auto c = client();
  const auto t0 = Clock::now();
  auto r = c.Get("/show/ranged.mp4", {{"Range", "bytes=1000000-1749999"}, {"X-Session-Id", "ranged"}});
  const double s = seconds_since(t0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 206);
  EXPECT_EQ(r->body.size(), 750'000u);
  EXPECT_NEAR(s, 1.5, kSemanticsTolerance * 1.5);  // 750 kB at 4 Mbit/s
}

}  // namespace
}  // namespace origin_test
