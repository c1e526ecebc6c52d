// dash-player over HTTPS and through redirects, against the real dash-origin
// serving TLS with a test CA made here (openssl CLI): the certificate chain
// and the host name are verified (the system store by default, --ca-file to
// trust the test CA, --insecure to skip with a warning); 301/302/307/308
// chains are followed across origins and the MPD's relative URLs resolve
// against the final location; an MPD <Location> is honoured.
#include <gtest/gtest.h>
#include <httplib.h>

#include <ctime>
#include <fstream>
#include <regex>
#include <thread>

#include "tests/player/generated_content.h"
#include "player/net/clock_sync.h"
#include "player/net/http_fetcher.h"
#include "tests/player/player_run.h"
#include "support/origin_process.h"
#include "support/test_pki.h"

namespace {

using player_test::run_player;
using testing_support::OriginProcess;
using testing_support::ScratchDir;

constexpr int kSeconds = 4;
constexpr size_t kVideoSegments = 2;

// Redirects GET /hop/N/REST: N > 0 to /hop/N-1/REST (301, 302, 307, 308 in
// turn), N = 0 to TARGET/REST. Runs on its own thread until destroyed.
class Redirector {
 public:
  explicit Redirector(std::string target) : target_(std::move(target)) {
    server_.Get(R"(/hop/(\d+)/(.*))", [this](const httplib::Request& req, httplib::Response& res) {
      const int n = std::stoi(req.matches[1]);
      static constexpr int kStatuses[] = {301, 302, 307, 308};
      const std::string rest = req.matches[2];
      res.set_redirect(n == 0 ? target_ + "/" + rest : "/hop/" + std::to_string(n - 1) + "/" + rest,
                       kStatuses[n % 4]);
      ++hops_;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Redirector() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int hops() const { return hops_.load(); }

 private:
  std::string target_;
  httplib::Server server_;
  int port_ = 0;
  std::atomic<int> hops_{0};
  std::thread thread_;
};

class Https : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("player-https");
    std::string error;
    const auto content = testing_support::cached_fixture(
        "player-basic-4s", [](const std::filesystem::path& out, std::string& e) {
          return player_test::make_basic_dash(out, kSeconds, e);
        }, error);
    ASSERT_FALSE(content.empty()) << error;
    std::filesystem::create_directories(*dir_ / "root");
    std::filesystem::copy(content, *dir_ / "root/content", std::filesystem::copy_options::recursive);
    std::filesystem::create_directories(*dir_ / "pki");
    ASSERT_TRUE(testing_support::make_test_pki(*dir_ / "pki", pki_, error)) << error;
    ASSERT_TRUE(testing_support::issue_test_cert(*dir_ / "pki", "elsewhere", "DNS:elsewhere.example", error)) << error;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  std::unique_ptr<OriginProcess> tls_origin(const std::string& name, const std::string& cert = "server") {
    auto o = std::make_unique<OriginProcess>(
        *dir_ / "root", dir_->path(),
        std::vector<std::string>{"--tls-cert", (*dir_ / "pki" / (cert + ".pem")).string(), "--tls-key",
                                 (*dir_ / "pki" / (cert + ".key")).string()},
        name);
    EXPECT_TRUE(o->ok()) << o->error();
    return o;
  }
  player_test::PlayerRun play(const std::string& url, const std::string& args) {
    return run_player(url, args, *dir_ / ("log-" + std::to_string(++runs_) + ".jsonl"));
  }
  std::string ca_file() const { return "--ca-file " + testing_support::shell_quote(pki_.ca_cert.string()); }

  static ScratchDir* dir_;
  static testing_support::TestPki pki_;
  int runs_ = 0;
};

ScratchDir* Https::dir_ = nullptr;
testing_support::TestPki Https::pki_;

TEST_F(Https, PlaysOverHttpsTrustingTheTestCa) {
  auto o = tls_origin("tls");
  auto p = play(o->https_url() + "/content/manifest.mpd", "--fast " + ca_file());
  ASSERT_EQ(p.exit_code, 0) << p.output;
  EXPECT_EQ(p.summary["video_segments"], kVideoSegments);
  EXPECT_EQ(p.summary["skipped_segments"], 0);
  EXPECT_EQ(p.summary["video_frames"], 25 * kSeconds) << "every frame decoded from bodies read over TLS";
}

TEST_F(Https, RefusesACertificateTheSystemStoreDoesNotTrust) {
  auto o = tls_origin("untrusted");
  auto p = play(o->https_url() + "/content/manifest.mpd", "--fast");
  EXPECT_NE(p.exit_code, 0);
  EXPECT_NE(p.output.find("dash-player: error:"), std::string::npos) << p.output;
  EXPECT_NE(p.output.find("TLS certificate not accepted"), std::string::npos) << p.output;
  EXPECT_NE(p.output.find("--ca-file"), std::string::npos) << "the message says how to trust another CA";
}

TEST_F(Https, RefusesACertificateForAnotherHostEvenFromTheTrustedCa) {
  auto o = tls_origin("wrong-host", "elsewhere");
  auto p = play(o->https_url() + "/content/manifest.mpd", "--fast " + ca_file());
  EXPECT_NE(p.exit_code, 0);
  EXPECT_NE(p.output.find("TLS certificate not accepted"), std::string::npos) << p.output;
}

TEST_F(Https, InsecurePlaysWithAWarning) {
  auto o = tls_origin("insecure", "elsewhere");
  auto p = play(o->https_url() + "/content/manifest.mpd", "--fast --insecure");
  ASSERT_EQ(p.exit_code, 0) << p.output;
  EXPECT_NE(p.output.find("warning: --insecure"), std::string::npos) << p.output;
  EXPECT_EQ(p.summary["video_segments"], kVideoSegments);
}

TEST_F(Https, FollowsARedirectChainAndResolvesSegmentsAgainstTheFinalLocation) {
  auto o = tls_origin("redirected");
  Redirector redirector(o->https_url());
  // Four hops (308, 307, 302, 301) on plain HTTP, the fifth to the HTTPS origin.
  auto p = play(redirector.url() + "/hop/4/content/manifest.mpd", "--fast " + ca_file());
  ASSERT_EQ(p.exit_code, 0) << p.output;
  EXPECT_EQ(p.summary["video_segments"], kVideoSegments);
  EXPECT_EQ(p.summary["skipped_segments"], 0);
  // Only the MPD went through the redirector: segments came straight from the origin.
  EXPECT_EQ(redirector.hops(), 5);
  const std::string log = o->access_log();
  EXPECT_NE(log.find("/content/manifest.mpd"), std::string::npos) << log;
  EXPECT_NE(log.find(".m4s"), std::string::npos) << log;
}

// UTCTiming http-head against the real origin: a HEAD answers with the
// origin's Date header and no body.
TEST_F(Https, HeadReadsTheOriginsDateWithoutABody) {
  OriginProcess origin(*dir_ / "root", dir_->path(), {}, "head");
  ASSERT_TRUE(origin.ok()) << origin.error();
  auto fetcher = player::make_fetcher({});
  player::FetchRequest request;
  request.url = origin.base_url() + "/content/manifest.mpd";
  request.head = true;
  auto r = fetcher->fetch(request);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->http_status, 200);
  EXPECT_TRUE(r->body.empty());
  const auto date = player::parse_http_date(r->date_header);
  ASSERT_TRUE(date) << "Date: '" << r->date_header << "'";
  EXPECT_NEAR(*date, static_cast<double>(std::time(nullptr)), 2.0);
  request.url = origin.base_url() + "/content/missing.mpd";
  auto missing = fetcher->fetch(request);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, media::ErrorCode::kNotFound);
}

TEST_F(Https, GivesUpAfterTooManyRedirects) {
  auto o = tls_origin("loop");
  Redirector redirector(o->https_url());
  const int hops = player::HttpFetcher::kMaxRedirects + 2;
  auto p = play(redirector.url() + "/hop/" + std::to_string(hops) + "/content/manifest.mpd", ca_file());
  EXPECT_NE(p.exit_code, 0);
  EXPECT_NE(p.output.find("redirects"), std::string::npos) << p.output;
}

TEST_F(Https, HonoursTheMpdLocation) {
  auto o = tls_origin("location");
  // A copy of the MPD elsewhere, whose <Location> names the original: its
  // relative segment URLs must resolve there, not next to the copy.
  std::ifstream in(*dir_ / "root/content/manifest.mpd");
  std::string mpd((std::istreambuf_iterator<char>(in)), {});
  const size_t period = mpd.find("<Period");
  ASSERT_NE(period, std::string::npos);
  mpd.insert(period, "<Location>" + o->https_url() + "/content/manifest.mpd</Location>\n");
  std::filesystem::create_directories(*dir_ / "root/copy");
  std::ofstream(*dir_ / "root/copy/manifest.mpd") << mpd;
  auto p = play(o->https_url() + "/copy/manifest.mpd", "--fast " + ca_file());
  ASSERT_EQ(p.exit_code, 0) << p.output;
  EXPECT_EQ(p.summary["video_segments"], kVideoSegments);
  EXPECT_EQ(p.summary["skipped_segments"], 0);
  EXPECT_EQ(o->access_log().find("/copy/chunk"), std::string::npos) << "a segment was asked for next to the copy";
}

}  // namespace
