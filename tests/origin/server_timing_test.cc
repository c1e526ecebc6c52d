// dash-origin's timing in virtual time: an OriginServer in this process on a
// media::ManualClock, so a shaped transfer takes no real time and the clock
// reads exactly the time the shaper gave it. Goodput follows each trace
// format, latency is per request and per trace period, a session's clock
// starts at its first request, a session is named by its id or its
// connection, byte ranges are paced, an injected pause lasts its length, and
// the file cache notices replaced and deleted files once it revalidates.
// Concurrency and real sleeping are tested through the binary in
// origin_shaping_test.cc.
#include <fstream>
#include <thread>

#include "media/clock.h"
#include "media/net_trace.h"
#include "origin/server.h"
#include "origin/trace_pacer.h"
#include "origin_fixture.h"

namespace origin_test {
namespace {

// Transfers are paced in chunks, each ending exactly where the pacer says.
constexpr double kVirtualToleranceS = 1e-6;
constexpr double kCacheRevalidateS = 1;  // OriginOptions::cache_revalidate_s

class ServerTiming : public OriginFixture {
 protected:
  void TearDown() override {
    if (origin_) origin_->stop(0);
    if (serving_.joinable()) serving_.join();
  }

  // Starts an OriginServer on the manual clock with `options` (root and
  // port filled in here).
  void start_virtual(origin::OriginOptions options) {
    options.root = root_;
    options.port = 0;
    options.access_log = "off";
    auto created = origin::OriginServer::create(options, clock_);
    ASSERT_TRUE(created.ok()) << created.error();
    origin_ = std::move(*created);
    ASSERT_TRUE(origin_->bind().ok());
    port_ = origin_->port();
    base_ = "http://127.0.0.1:" + std::to_string(port_);
    serving_ = std::thread([this] { origin_->run(); });
  }

  origin::OriginOptions with_trace(const std::string& name, const std::string& text) {
    const auto path = dir_->path() / name;
    std::ofstream(path) << text;
    auto trace = media::read_trace_file(path);
    EXPECT_TRUE(trace.ok()) << (trace.ok() ? "" : trace.error().message);
    origin::OriginOptions o;
    o.trace_path = path.string();
    return o;
  }

  // GETs `path` on a new connection; virtual seconds from the request to the
  // last byte.
  double timed_get(const std::string& path, const httplib::Headers& headers, size_t expect_bytes) {
    auto c = client();
    const double t0 = clock_->now_s();
    auto r = c.Get(path, headers);
    const double took = clock_->now_s() - t0;
    EXPECT_TRUE(r) << path;
    if (r) {
      EXPECT_EQ(r->body.size(), expect_bytes) << path;
    }
    return took;
  }

  std::shared_ptr<media::ManualClock> clock_ = std::make_shared<media::ManualClock>(1000);
  std::unique_ptr<origin::OriginServer> origin_;
  std::thread serving_;
};

TEST_F(ServerTiming, GoodputFollowsASteppedTrace) {
  // 8 Mbit/s for 1 s, then 2 Mbit/s for 3 s, wrapping.
  auto o = with_trace("trace.json", R"([{"duration_ms": 1000, "bandwidth_kbps": 8000, "latency_ms": 0},
                                        {"duration_ms": 3000, "bandwidth_kbps": 2000, "latency_ms": 0}])");
  write("show/big-1.m4s", random_bytes(1'500'000, 5));
  write("show/big-2.m4s", random_bytes(400'000, 6));
  start_virtual(o);
  const origin::TracePacer pacer({{1.0, 8e6, 0}, {3.0, 2e6, 0}});
  const httplib::Headers session{{"X-Session-Id", "goodput-1"}};
  // The session's clock starts with its first request.
  const double first_s = timed_get("/show/big-1.m4s", session, 1'500'000);
  const double predicted_first = pacer.finish_time(0, 1'500'000);  // 1 s fast + 2 s slow = 3 s
  EXPECT_NEAR(first_s, predicted_first, kVirtualToleranceS);
  // The next download continues on the same trace (slow for 1 s more, then fast).
  const double second_s = timed_get("/show/big-2.m4s", session, 400'000);
  EXPECT_NEAR(first_s + second_s, pacer.finish_time(predicted_first, 400'000), kVirtualToleranceS);
}

TEST_F(ServerTiming, PensieveCookedTraceDrivesTheLink) {
  // Sample k holds during (t[k-1], t[k]]: 6 Mbit/s for 1 s, then 2 Mbit/s for 2 s.
  start_virtual(with_trace("cooked", "0.0\t9.0\n1.0\t6.0\n2.0\t2.0\n3.0\t2.0\n"));
  write("show/p.m4s", random_bytes(1'000'000, 21));
  const double predicted = 2.0;  // 0.75 MB in the first second, the last 0.25 MB at 0.25 MB/s
  EXPECT_NEAR(timed_get("/show/p.m4s", {{"X-Session-Id", "cooked"}}, 1'000'000), predicted, kVirtualToleranceS);
}

TEST_F(ServerTiming, ConstantPensieveAndMahimahiTracesShapeToo) {
  write("show/mb.m4s", random_bytes(500'000, 14));
  // Pensieve cooked: 4 Mbit/s throughout; 500 kB take 1 s.
  start_virtual(with_trace("cooked.log", "0.0\t4.0\n1.0\t4.0\n2.0\t4.0\n3.0\t4.0\n"));
  EXPECT_NEAR(timed_get("/show/mb.m4s", {}, 500'000), 1.0, kVirtualToleranceS);
  origin_->stop(0);
  serving_.join();
  // Mahimahi: a 1500-byte packet every millisecond (12 Mbit/s); 500 kB take 1/3 s.
  std::string mahimahi;
  for (int ms = 1; ms <= 1000; ++ms) mahimahi += std::to_string(ms) + "\n";
  start_virtual(with_trace("packets.mahi", mahimahi));
  EXPECT_NEAR(timed_get("/show/mb.m4s", {}, 500'000), 1.0 / 3, kVirtualToleranceS);
}

TEST_F(ServerTiming, MahimahiTraceWrapsAround) {
  // One 1500-byte packet per ms for 500 ms (12 Mbit/s), then one per 4 ms for 500 ms (3 Mbit/s).
  std::string mm;
  for (int ms = 1; ms <= 500; ++ms) mm += std::to_string(ms) + "\n";
  for (int ms = 504; ms <= 1000; ms += 4) mm += std::to_string(ms) + "\n";
  start_virtual(with_trace("mahimahi.trace", mm));
  write("show/m.m4s", random_bytes(1'500'000, 22));
  // One cycle (1 s) carries 750 kB + 187.5 kB; the last 562.5 kB go at
  // 1.5 MB/s after the wrap: 1.375 s.
  EXPECT_NEAR(timed_get("/show/m.m4s", {{"X-Session-Id", "mm"}}, 1'500'000), 1.375, kVirtualToleranceS);
}

TEST_F(ServerTiming, RateAndLatencyPerRequest) {
  write("show/mb.m4s", random_bytes(500'000, 7));
  origin::OriginOptions o;
  o.rate_bps = 4e6;
  o.latency_ms = 200;
  start_virtual(o);
  // 500 kB at 4 Mbit/s = 1 s, after 200 ms.
  EXPECT_NEAR(timed_get("/show/mb.m4s", {}, 500'000), 0.2 + 1.0, kVirtualToleranceS);
  // The first byte alone: the latency, again, on every request.
  EXPECT_NEAR(timed_get("/show/mb.m4s", {{"Range", "bytes=0-0"}}, 1), 0.2 + 8.0 / 4e6, kVirtualToleranceS);
}

TEST_F(ServerTiming, SabreLatencyIsPerPeriod) {
  start_virtual(with_trace("sabre.json", R"([{"duration_ms": 1000, "bandwidth_kbps": 40000, "latency_ms": 300},
                                            {"duration_ms": 2000, "bandwidth_kbps": 40000, "latency_ms": 0}])"));
  const httplib::Headers session{{"X-Session-Id", "sabre"}};
  const double body_s = 6 * 8 / 40e6;  // "inside"
  EXPECT_NEAR(timed_get("/secret.txt", session, 6), 0.3 + body_s, kVirtualToleranceS);
  clock_->advance(1.0);  // into the second period
  EXPECT_NEAR(timed_get("/secret.txt", session, 6), body_s, kVirtualToleranceS);
}

TEST_F(ServerTiming, SessionClockStartsAtItsFirstRequest) {
  // Fast for 2 s, then very slow: a session that started with the server
  // would be in the slow part by now.
  start_virtual(with_trace("late.json", R"([{"duration_ms": 2000, "bandwidth_kbps": 8000, "latency_ms": 0},
                                           {"duration_ms": 20000, "bandwidth_kbps": 400, "latency_ms": 0}])"));
  write("show/late.m4s", random_bytes(1'200'000, 23));
  clock_->advance(2.5);
  EXPECT_NEAR(timed_get("/show/late.m4s", {{"X-Session-Id", "late"}}, 1'200'000), 1.2, kVirtualToleranceS);
}

TEST_F(ServerTiming, EachNewConnectionIsANewSessionByDefault) {
  start_virtual(with_trace("conn.json", R"([{"duration_ms": 2000, "bandwidth_kbps": 8000, "latency_ms": 0},
                                           {"duration_ms": 20000, "bandwidth_kbps": 400, "latency_ms": 0}])"));
  write("show/c.m4s", random_bytes(1'200'000, 24));
  // Two clients one after the other: each connection starts the trace anew
  // (1.2 MB at 1 MB/s); one session would have reached the slow part.
  EXPECT_NEAR(timed_get("/show/c.m4s", {}, 1'200'000), 1.2, kVirtualToleranceS);
  EXPECT_NEAR(timed_get("/show/c.m4s", {}, 1'200'000), 1.2, kVirtualToleranceS);
}

TEST_F(ServerTiming, SessionQueryParameterNamesTheSessionAcrossConnections) {
  start_virtual(with_trace("q.json", R"([{"duration_ms": 2000, "bandwidth_kbps": 8000, "latency_ms": 0},
                                        {"duration_ms": 20000, "bandwidth_kbps": 400, "latency_ms": 0}])"));
  write("show/q.m4s", random_bytes(1'500'000, 12));
  // 1.5 MB at 1 MB/s: 1.5 s. The same ?session= on a new connection goes on
  // from trace time 1.5 s: 0.5 MB fast, then 1 MB at 50 kB/s.
  EXPECT_NEAR(timed_get("/show/q.m4s?session=q1", {}, 1'500'000), 1.5, kVirtualToleranceS);
  EXPECT_NEAR(timed_get("/show/q.m4s?session=q1", {}, 1'500'000), 0.5 + 20.0, kVirtualToleranceS);
  // Another name is another link, starting fast.
  EXPECT_NEAR(timed_get("/show/q.m4s?session=q2", {}, 1'500'000), 1.5, kVirtualToleranceS);
}

TEST_F(ServerTiming, ByteRangesArePacedToo) {
  write("show/ranged.mp4", random_bytes(3'000'000, 25));
  origin::OriginOptions o;
  o.rate_bps = 4e6;
  start_virtual(o);
  auto c = client();
  const double t0 = clock_->now_s();
  auto r = c.Get("/show/ranged.mp4", {{"Range", "bytes=1000000-1749999"}, {"X-Session-Id", "ranged"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 206);
  EXPECT_EQ(r->body.size(), 750'000u);
  EXPECT_NEAR(clock_->now_s() - t0, 1.5, kVirtualToleranceS);  // 750 kB at 4 Mbit/s
}

TEST_F(ServerTiming, AStallPausesTheBodyForItsLength) {
  origin::OriginOptions o;
  o.faults.stall_rate = 1;
  o.faults.stall_s = 1;
  start_virtual(o);
  auto c = client();
  const double t0 = clock_->now_s();
  auto stalled = c.Get("/show/v0/seg-1.m4s");
  ASSERT_TRUE(stalled);
  EXPECT_EQ(stalled->body, segment_);
  EXPECT_NEAR(clock_->now_s() - t0, 1.0, kVirtualToleranceS);
}

TEST_F(ServerTiming, ReplacedAndDeletedFilesAreNoticed) {
  write("show/v0/live.m4s", "version one");
  start_virtual({});
  auto c = client();
  auto one = c.Get("/show/v0/live.m4s");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->body, "version one");
  // Replaced the way packagers do it: a new file renamed into place.
  write("show/v0/live.m4s.tmp", "version two, longer");
  std::filesystem::rename(root_ / "show/v0/live.m4s.tmp", root_ / "show/v0/live.m4s");
  clock_->advance(kCacheRevalidateS + 0.01);
  auto two = c.Get("/show/v0/live.m4s");
  ASSERT_TRUE(two);
  EXPECT_EQ(two->body, "version two, longer");
  EXPECT_NE(two->get_header_value("ETag"), one->get_header_value("ETag"));
  // The old validator no longer matches.
  auto stale = c.Get("/show/v0/live.m4s", {{"If-None-Match", one->get_header_value("ETag")}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 200);
  std::filesystem::remove(root_ / "show/v0/live.m4s");
  clock_->advance(kCacheRevalidateS + 0.01);
  auto gone = c.Get("/show/v0/live.m4s");
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
}

}  // namespace
}  // namespace origin_test
