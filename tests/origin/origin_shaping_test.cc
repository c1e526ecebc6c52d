// Shaping through the real binary in real time, where real time is the point:
// goodput follows a stepped trace (within 5% of the trace's prediction),
// --rate and --latency hold for the first byte and the last, sessions at once
// each get their own link, and two connections of one session share theirs.
// The pacing rules themselves are tested in virtual time in
// server_timing_test.cc.
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

}  // namespace
}  // namespace origin_test
