// Shaping and faults on loopback: goodput follows a stepped trace (within 5%
// of the trace's prediction), --rate and --latency hold, and injected faults
// are reproducible for a seed.
#include <thread>

#include "origin/trace_pacer.h"
#include "origin_fixture.h"

namespace origin_test {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

class OriginShaping : public OriginFixture {};

TEST_F(OriginShaping, GoodputFollowsASteppedTrace) {
  // 8 Mbit/s for 1 s, then 2 Mbit/s for 3 s, wrapping.
  const std::string trace = R"([{"duration_ms": 1000, "bandwidth_kbps": 8000, "latency_ms": 0},
                                {"duration_ms": 3000, "bandwidth_kbps": 2000, "latency_ms": 0}])";
  write("../trace.json", trace);
  write("show/big-1.m4s", random_bytes(1'500'000, 5));
  write("show/big-2.m4s", random_bytes(400'000, 6));
  start({"--trace", (dir_->path() / "trace.json").string(), "--access-log", "off"});
  origin::TracePacer pacer({{1.0, 8e6, 0}, {3.0, 2e6, 0}});
  auto c = client();
  const httplib::Headers session{{"X-Session-Id", "goodput-1"}};
  // The session starts with the first request; its clock starts there too.
  const auto t0 = Clock::now();
  auto first = c.Get("/show/big-1.m4s", session);
  const double first_s = seconds_since(t0);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->body.size(), 1'500'000u);
  const double predicted_first = pacer.finish_time(0, 1'500'000);  // 1 s fast + 2 s slow = 3 s
  EXPECT_NEAR(first_s, predicted_first, 0.05 * predicted_first);
  // The next download continues on the same trace (slow for 1 s more, then fast).
  auto second = c.Get("/show/big-2.m4s", session);
  const double both_s = seconds_since(t0);
  ASSERT_TRUE(second);
  const double predicted_both = pacer.finish_time(predicted_first, 400'000);
  EXPECT_NEAR(both_s, predicted_both, 0.05 * predicted_both);
}

TEST_F(OriginShaping, PensieveAndMahimahiTracesShapeToo) {
  write("show/mb.m4s", random_bytes(500'000, 14));
  // Pensieve cooked: 4 Mbit/s throughout; 500 kB take 1 s.
  write("../cooked.log", "0.0\t4.0\n1.0\t4.0\n2.0\t4.0\n3.0\t4.0\n");
  // Mahimahi: a 1500-byte packet every millisecond (12 Mbit/s); 500 kB take 1/3 s.
  std::string mahimahi;
  for (int ms = 1; ms <= 1000; ++ms) mahimahi += std::to_string(ms) + "\n";
  write("../packets.mahi", mahimahi);
  const std::pair<std::string, double> cases[] = {{"cooked.log", 1.0}, {"packets.mahi", 1.0 / 3}};
  for (const auto& [trace, expected_s] : cases) {
    start({"--trace", (dir_->path() / trace).string(), "--access-log", "off"});
    auto c = client();
    const auto t0 = Clock::now();
    auto r = c.Get("/show/mb.m4s");
    const double took = seconds_since(t0);
    ASSERT_TRUE(r) << trace;
    EXPECT_EQ(r->body.size(), 500'000u);
    EXPECT_NEAR(took, expected_s, 0.1 * expected_s) << trace;
    server_->stop();
  }
}

TEST_F(OriginShaping, RateAndLatency) {
  write("show/mb.m4s", random_bytes(500'000, 7));
  start({"--rate", "4mbit", "--latency", "200ms", "--access-log", "off"});
  auto c = client();
  const auto t0 = Clock::now();
  double ttfb = -1;
  std::string body;
  auto res = c.Get("/show/mb.m4s", httplib::Headers{},
                   [&](const httplib::Response&) {
                     ttfb = seconds_since(t0);
                     return true;
                   },
                   [&](const char* d, size_t n) {
                     body.append(d, n);
                     return true;
                   });
  const double total = seconds_since(t0);
  ASSERT_TRUE(res);
  EXPECT_EQ(body.size(), 500'000u);
  EXPECT_GE(ttfb, 0.2);
  EXPECT_LT(ttfb, 0.35);
  EXPECT_NEAR(total, 0.2 + 1.0, 0.05 * 1.2);  // 500 kB at 4 Mbit/s = 1 s, after 200 ms
}

TEST_F(OriginShaping, SessionsAreIndependent) {
  write("show/mb.m4s", random_bytes(500'000, 8));
  start({"--rate", "4mbit", "--access-log", "off"});
  // Two sessions at once each get the full rate (each has its own link).
  std::vector<double> times(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&, i] {
      auto c = client();
      auto t0 = Clock::now();
      auto r = c.Get("/show/mb.m4s", {{"X-Session-Id", "s" + std::to_string(i)}});
      times[i] = r && r->body.size() == 500'000 ? seconds_since(t0) : -1;
    });
  for (auto& t : threads) t.join();
  for (double t : times) EXPECT_NEAR(t, 1.0, 0.1);
}

// Two downloads at once on two connections of one session share its link.
void expect_shared_link(OriginFixture& f, const std::string& path_a, const std::string& path_b,
                        const httplib::Headers& headers) {
  std::vector<double> times(2, -1);
  std::vector<std::thread> threads;
  const std::string paths[2] = {path_a, path_b};
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&, i] {
      httplib::Client c("http://127.0.0.1:" + std::to_string(f.port()));
      c.set_read_timeout(10, 0);
      auto t0 = Clock::now();
      auto r = c.Get(paths[i], headers);
      times[i] = r && r->body.size() == 500'000 ? seconds_since(t0) : -1;
    });
  for (auto& t : threads) t.join();
  // 1 MB in all at 4 Mbit/s (0.5 MB/s): both end near 2 s, not 1 s.
  for (double t : times) EXPECT_NEAR(t, 2.0, 0.2);
}

TEST_F(OriginShaping, OneSessionOverSeveralConnectionsSharesItsLink) {
  write("show/mb.m4s", random_bytes(500'000, 10));
  write("show/mb2.m4s", random_bytes(500'000, 11));
  start({"--rate", "4mbit", "--access-log", "off"});
  expect_shared_link(*this, "/show/mb.m4s", "/show/mb2.m4s", {{"X-Session-Id", "player-1"}});
}

TEST_F(OriginShaping, SessionQueryParameterNamesTheSession) {
  write("show/mb.m4s", random_bytes(500'000, 12));
  write("show/mb2.m4s", random_bytes(500'000, 13));
  start({"--rate", "4mbit", "--access-log", "off"});
  expect_shared_link(*this, "/show/mb.m4s?session=q1", "/show/mb2.m4s?session=q1", {});
}

std::vector<int> statuses(httplib::Client& c, int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i) {
    auto r = c.Get("/show/v0/seg-" + std::to_string(1 + i % 2) + ".m4s");
    out.push_back(r ? r->status : -1);
  }
  return out;
}

TEST_F(OriginShaping, FaultsAreReproducibleForASeed) {
  start({"--fail-rate", "0.3", "--seed", "11", "--access-log", "off"});
  auto c1 = client();
  auto run1 = statuses(c1, 40);
  server_->stop();
  start({"--fail-rate", "0.3", "--seed", "11", "--access-log", "off"});
  auto c2 = client();
  EXPECT_EQ(statuses(c2, 40), run1);
  int failures = static_cast<int>(std::count(run1.begin(), run1.end(), 503));
  EXPECT_GT(failures, 3);
  EXPECT_LT(failures, 25);
  server_->stop();
  start({"--fail-rate", "0.3", "--seed", "12", "--access-log", "off"});
  auto c3 = client();
  EXPECT_NE(statuses(c3, 40), run1);
  // The manifest is never failed.
  for (int i = 0; i < 20; ++i) EXPECT_EQ(c3.Get("/show/manifest.mpd")->status, 200);
}

TEST_F(OriginShaping, DropsCutTheBodyAndStallsPause) {
  start({"--drop-rate", "1", "--access-log", "off"});
  auto c = client();
  auto dropped = c.Get("/show/v0/seg-1.m4s");
  EXPECT_TRUE(!dropped || dropped->body.size() < kSegmentBytes);
  server_->stop();
  start({"--stall-rate", "1", "--stall-seconds", "1", "--access-log", "off"});
  auto c2 = client();
  auto t0 = Clock::now();
  auto stalled = c2.Get("/show/v0/seg-1.m4s");
  ASSERT_TRUE(stalled);
  EXPECT_EQ(stalled->body, segment_);
  EXPECT_GE(seconds_since(t0), 1.0);
}

}  // namespace
}  // namespace origin_test
