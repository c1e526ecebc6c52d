// Review tests of dash-origin's pure pieces: invariants of the trace pacer on
// the shared traces, more traversal and Range variants, validators, dates,
// units, fault reproducibility under reordering, and the HTML pages' escaping.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>

#include "media/net_trace.h"
#include "origin/byte_range.h"
#include "origin/conditional.h"
#include "origin/fault_injector.h"
#include "origin/http_date.h"
#include "origin/path_resolver.h"
#include "origin/presentation_index.h"
#include "origin/trace_pacer.h"
#include "origin/units.h"
#include "support/process.h"

namespace origin {
namespace {

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

TEST(PacerReview, PeriodBoundaryRoundingTerminates) {
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

TEST(PacerReview, TransfersSplitAnywhereTakeTheSameTime) {
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

TEST(PacerReview, OneCycleOfBytesTakesOneCycle) {
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

TEST(PacerReview, LatencyWrapsWithTheTrace) {
  TracePacer pacer({{1.0, 8e6, 10}, {1.0, 8e6, 90}});
  EXPECT_EQ(pacer.latency_ms_at(0.5), 10);
  EXPECT_EQ(pacer.latency_ms_at(1.5), 90);
  EXPECT_EQ(pacer.latency_ms_at(2.5), 10);
  EXPECT_EQ(pacer.latency_ms_at(1001.5), 90);
}

TEST(PathReview, MoreTraversalSpellingsAreRefused) {
  for (const char* target : {"/a/%2E%2e/b", "/a/.%2e/b", "/a/%2e./b", "/a/%2e/b", "/a/b/..", "/a/b/.", "/./a",
                             "/..", "/%2e%2e", "/a/..%2f..%2fx", "/%2F%2Fetc/passwd", "/%2f..%2fetc",
                             "/a/%2e%2e%2f%2e%2e%2fx", "/a/..;/x/../../y"}) {
    auto r = clean_request_path(target);
    EXPECT_FALSE(r.ok()) << target << " → " << (r.ok() ? *r : "");
  }
}

TEST(PathReview, LookalikesAreLiteralNames) {
  // Decoded once: these are odd file names, not parent references.
  EXPECT_EQ(*clean_request_path("/%252e%252e/x"), "/%2e%2e/x");
  EXPECT_EQ(*clean_request_path("/.../x"), "/.../x");
  EXPECT_EQ(*clean_request_path("/..a/x"), "/..a/x");
  EXPECT_EQ(*clean_request_path("/a../x"), "/a../x");
  const auto overlong = clean_request_path("/%c0%ae%c0%ae/x");  // overlong UTF-8 '.': not a dot here
  ASSERT_TRUE(overlong.ok());
  EXPECT_EQ(overlong->find(".."), std::string::npos);
  // Query and fragment never reach the file system.
  EXPECT_EQ(*clean_request_path("/a.mpd?x=/../../etc/passwd"), "/a.mpd");
  EXPECT_EQ(*clean_request_path("/a.mpd#/../../etc/passwd"), "/a.mpd");
}

TEST(PathReview, MalformedEscapesAndBytesAreBadRequests) {
  for (const char* target : {"/a%", "/a%4", "/a%4g", "/a%g4", "/a%%41", "/a%00", "/a%5C", "/a\\b", "", "a",
                             "?x", "#x", "http://host/a", "*"}) {
    auto r = clean_request_path(target);
    ASSERT_FALSE(r.ok()) << target;
    EXPECT_EQ(r.error().code, media::ErrorCode::kInvalidArgument) << target;
  }
  EXPECT_FALSE(clean_request_path(std::string("/a\0b", 4)).ok());
}

class UnderRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "root/sub");
    std::filesystem::create_directories(dir_ / "outside");
    std::ofstream(dir_ / "root/sub/ok.m4s") << "ok";
    std::ofstream(dir_ / "outside/secret") << "secret";
    root_ = std::filesystem::canonical(dir_ / "root");
    root_fd_ = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(root_fd_, 0);
  }
  void TearDown() override { ::close(root_fd_); }

  bool opens(const std::string& path) {
    auto fd = open_under_root(root_fd_, root_, path);
    if (fd.ok()) ::close(*fd);
    return fd.ok();
  }

  testing_support::ScratchDir dir_{"origin-under-root"};
  std::filesystem::path root_;
  int root_fd_ = -1;
};

TEST_F(UnderRoot, SymlinkedDirectoryOutsideIsRefused) {
  std::filesystem::create_directory_symlink(dir_ / "outside", dir_ / "root/linkdir");
  std::filesystem::create_symlink("../../outside/secret", dir_ / "root/sub/relative");
  EXPECT_TRUE(opens("/sub/ok.m4s"));
  EXPECT_FALSE(opens("/linkdir/secret"));
  EXPECT_FALSE(opens("/sub/relative"));
  EXPECT_FALSE(resolve_under_root(root_, "/linkdir/secret").ok());
  EXPECT_FALSE(resolve_under_root(root_, "/sub/relative").ok());
}

TEST_F(UnderRoot, RelativeSymlinkInsideIsServed) {
  std::filesystem::create_symlink("sub/ok.m4s", dir_ / "root/alias.m4s");
  EXPECT_TRUE(opens("/alias.m4s"));
}

TEST_F(UnderRoot, SymlinkLoopFailsWithoutHanging) {
  std::filesystem::create_symlink("loop-b", dir_ / "root/loop-a");
  std::filesystem::create_symlink("loop-a", dir_ / "root/loop-b");
  EXPECT_FALSE(opens("/loop-a"));
  EXPECT_FALSE(resolve_under_root(root_, "/loop-a").ok());
}

TEST_F(UnderRoot, FifoOpensWithoutBlocking) {
  ASSERT_EQ(::mkfifo((dir_ / "root/pipe.m4s").c_str(), 0644), 0);
  const auto t0 = std::chrono::steady_clock::now();
  auto fd = open_under_root(root_fd_, root_, "/pipe.m4s");  // the server then refuses non-regular files
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  if (fd.ok()) {
    struct stat st {};
    ASSERT_EQ(::fstat(*fd, &st), 0);
    EXPECT_FALSE(S_ISREG(st.st_mode));
    ::close(*fd);
  }
}

TEST(RangeReview, EdgeForms) {
  EXPECT_EQ(decide_range("bytes=0-0", 1).range, (ResolvedRange{0, 0}));
  EXPECT_EQ(decide_range("bytes=-1", 1).range, (ResolvedRange{0, 0}));
  EXPECT_EQ(decide_range("Bytes=2-3", 10).outcome, RangeOutcome::kPartial);  // unit is case-insensitive
  EXPECT_EQ(decide_range("bytes=0-18446744073709551615", 10).range, (ResolvedRange{0, 9}));
  EXPECT_EQ(decide_range("bytes=-18446744073709551615", 10).range, (ResolvedRange{0, 9}));
  EXPECT_EQ(decide_range("bytes=18446744073709551615-", 10).outcome, RangeOutcome::kUnsatisfiable);
  EXPECT_EQ(decide_range("bytes=-5", 0).outcome, RangeOutcome::kUnsatisfiable);
  EXPECT_EQ(decide_range("bytes=10-10", 10).outcome, RangeOutcome::kUnsatisfiable);
  EXPECT_EQ(decide_range("bytes=9-9", 10).range, (ResolvedRange{9, 9}));
}

TEST(RangeReview, GarbageIsIgnored) {
  for (const char* h : {"bytes=-", "bytes=+1-2", "bytes=1-+2", "bytes=0x10-20", "bytes=1.5-2", "bytes=1-2-3",
                        "bytes=-1-2", "bytes=,", "bytes=1-2,", "bytes=18446744073709551616-",
                        "bytes=-18446744073709551616", "bytes 1-2", "=1-2", "bytes=\x01-2"}) {
    EXPECT_EQ(decide_range(h, 100).outcome, RangeOutcome::kFull) << h;
  }
}

TEST(ValidatorReview, IfNoneMatchListsAndWeakness) {
  const Validators v = make_validators(10, 1'700'000'000'000'000'000);
  EXPECT_TRUE(not_modified(v, "  \"x\" ,W/" + v.etag + " ", ""));
  EXPECT_FALSE(not_modified(v, v.etag.substr(0, v.etag.size() - 1), ""));  // unterminated tag
  EXPECT_FALSE(not_modified(v, "", "not a date"));
  EXPECT_FALSE(not_modified(v, "", format_http_date(v.last_modified - 1)));
}

TEST(ValidatorReview, IfRangeNeedsAStrongExactMatch) {
  const Validators v = make_validators(10, 1'700'000'000'000'000'000);
  EXPECT_TRUE(if_range_allows(v, v.etag));
  EXPECT_FALSE(if_range_allows(v, "W/" + v.etag));
  EXPECT_TRUE(if_range_allows(v, format_http_date(v.last_modified)));
  EXPECT_FALSE(if_range_allows(v, format_http_date(v.last_modified + 1)));
  EXPECT_FALSE(if_range_allows(v, "garbage"));
}

TEST(DateReview, ThreeFormsAndGarbage) {
  constexpr std::time_t kRfcExample = 784111777;  // RFC 9110 §5.6.7
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), kRfcExample);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), kRfcExample);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), kRfcExample);
  EXPECT_EQ(format_http_date(kRfcExample), "Sun, 06 Nov 1994 08:49:37 GMT");
  for (const char* bad : {"", "yesterday", "Sun, 06 Nov 1994 08:49:37 GMT trailing", "Sun, 32 Nov 1994 08:49:37 GMT",
                          "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994"}) {
    EXPECT_FALSE(parse_http_date(bad).has_value()) << bad;
  }
}

TEST(UnitsReview, MoreForms) {
  EXPECT_EQ(parse_rate_bps("1.5gbit"), 1.5e9);
  EXPECT_EQ(parse_rate_bps(" 4mbit "), 4e6);
  EXPECT_EQ(parse_duration_ms("0.5s"), 500);
  for (const char* bad : {"", ".", "4..5mbit", "mbit", "4mbitx", "1e6", "nan", "4 m bit"})
    EXPECT_FALSE(parse_rate_bps(bad).has_value()) << bad;
  for (const char* bad : {"", "-5ms", "5 minutes", "5h"}) EXPECT_FALSE(parse_duration_ms(bad).has_value()) << bad;
}

TEST(FaultReview, PlansDoNotDependOnTheOrderOfOtherRequests) {
  FaultOptions o;
  o.fail_rate = 0.2;
  o.drop_rate = 0.2;
  o.stall_rate = 0.2;
  o.seed = 99;
  FaultInjector forward(o), backward(o);
  const std::vector<std::string> paths = {"/v0/1.m4s", "/v0/2.m4s", "/v1/1.m4s", "/a/1.m4s"};
  auto same = [](const FaultPlan& a, const FaultPlan& b) {
    return a.fail == b.fail && a.drop == b.drop && a.stall == b.stall && a.at_fraction == b.at_fraction;
  };
  std::vector<FaultPlan> f, b;
  for (int round = 0; round < 5; ++round)
    for (const auto& p : paths) f.push_back(forward.plan(p, ""));
  for (int round = 0; round < 5; ++round)
    for (auto it = paths.rbegin(); it != paths.rend(); ++it) b.push_back(backward.plan(*it, ""));
  // Same (path, occurrence) → same plan.
  for (int round = 0; round < 5; ++round)
    for (size_t i = 0; i < paths.size(); ++i)
      EXPECT_TRUE(same(f[round * paths.size() + i], b[round * paths.size() + (paths.size() - 1 - i)]))
          << paths[i] << " round " << round;
  // A range of the same file is a different request.
  FaultInjector ranged(o);
  int differ = 0;
  for (int i = 0; i < 50; ++i) {
    const std::string r = "bytes=" + std::to_string(i * 1000) + "-" + std::to_string(i * 1000 + 999);
    FaultInjector plain(o);
    differ += !same(ranged.plan("/big.mp4", r), plain.plan("/big.mp4", ""));
  }
  EXPECT_GT(differ, 0);
}

TEST(PageReview, FindMpdsSkipsHiddenAndSymlinksAndSorts) {
  testing_support::ScratchDir dir("origin-find-mpds");
  for (const char* d : {"b/v0", "a", ".hidden", "deep/1/2/3/4/5/6/7/8"}) std::filesystem::create_directories(dir / d);
  for (const char* f : {"b/manifest.mpd", "a/x.mpd", ".hidden/h.mpd", "a/not-an-mpd.xml", "deep/1/2/3/4/5/6/7/8/far.mpd"})
    std::ofstream(dir / f) << "<MPD/>";
  std::filesystem::create_symlink(dir / "a/x.mpd", dir / "a/link.mpd");
  const auto found = find_mpds(dir.path());
  std::vector<std::string> expected = {"/a/x.mpd", "/b/manifest.mpd"};
  EXPECT_EQ(found, expected);
}

TEST(PageReview, IndexEscapesNamesAndEncodesLinks) {
  const std::string html = render_index_page({"/a b/<x>&\"q\".mpd"});
  EXPECT_EQ(html.find("<x>"), std::string::npos);
  EXPECT_NE(html.find("&lt;x&gt;&amp;&quot;q&quot;.mpd"), std::string::npos);
  EXPECT_NE(html.find("href=\"/a%20b/%3Cx%3E%26%22q%22.mpd\""), std::string::npos) << html;
}

// The inline script of the player page (the last <script> element).
std::string inline_script(const std::string& html) {
  const size_t open = html.rfind("<script>");
  if (open == std::string::npos) return {};
  const size_t close = html.find("</script>", open);
  return html.substr(open, close == std::string::npos ? std::string::npos : close - open);
}

size_t count(const std::string& s, char c) { return static_cast<size_t>(std::count(s.begin(), s.end(), c)); }

TEST(PageReview, PlayerPageCannotBeBrokenOutOf) {
  const std::string benign = render_player_page("/ok.mpd", "/_dashjs/dash.all.min.js");
  const std::string benign_script = inline_script(benign);
  ASSERT_FALSE(benign_script.empty());
  for (const std::string mpd : {"/x</script><script>alert(1)</script>.mpd", "/a\\", "/a'\";alert(1);//",
                                "/a\\'+alert(1)+'", "javascript:alert(1)\u2028x"}) {
    const std::string html = render_player_page(mpd, "/_dashjs/dash.all.min.js");
    const std::string script = inline_script(html);
    EXPECT_EQ(html.find("<script>alert"), std::string::npos) << mpd;
    // The URL can add no quote, backslash or tag to the script.
    EXPECT_EQ(count(script, '\''), count(benign_script, '\'')) << mpd << "\n" << script;
    EXPECT_EQ(count(script, '"'), count(benign_script, '"')) << mpd << "\n" << script;
    EXPECT_EQ(count(script, '\\'), count(benign_script, '\\')) << mpd << "\n" << script;
    EXPECT_EQ(count(script, '<'), count(benign_script, '<')) << mpd << "\n" << script;
  }
}

}  // namespace
}  // namespace origin
