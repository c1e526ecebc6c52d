// dash-origin over HTTPS (--tls-cert/--tls-key), against a test CA made here
// with the openssl CLI: files, ranges and validators over TLS, verified by a
// client that trusts only that CA; plain HTTP as well when --port is given;
// bad certificate or key files fail with one line; a handshake that stalls is
// cut at the read timeout, one that is not TLS at once; idle TLS keep-alive
// connections hold no thread; a large body to a slow TLS reader arrives whole
// without holding other clients up.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <thread>

#include "origin_fixture.h"
#include "support/raw_http.h"
#include "support/test_pki.h"

namespace origin_test {
namespace {

using Clock = std::chrono::steady_clock;
using testing_support::run_command;
using testing_support::shell_quote;

constexpr size_t kBigBytes = 8'000'000;  // cached whole (under 16 MiB), sent in deferred writes
constexpr int kIdleConnections = 64;

class Tls : public OriginFixture {
 protected:
  void SetUp() override {
    OriginFixture::SetUp();
    std::filesystem::create_directories(dir_->path() / "pki");
    std::string error;
    ASSERT_TRUE(testing_support::make_test_pki(dir_->path() / "pki", pki_, error)) << error;
  }

  std::vector<std::string> tls_args() const {
    return {"--tls-cert", pki_.server_cert.string(), "--tls-key", pki_.server_key.string()};
  }

  // A client that trusts only the test CA and checks the host name.
  httplib::Client tls_client() const {
    httplib::Client c(server_->https_url());
    c.set_ca_cert_path(pki_.ca_cert.string());
    c.enable_server_certificate_verification(true);
    c.set_read_timeout(10, 0);
    return c;
  }

  testing_support::TestPki pki_;
};

TEST_F(Tls, ServesFilesRangesAndValidatorsOverHttps) {
  start(tls_args());
  ASSERT_GT(server_->tls_port(), 0);
  EXPECT_EQ(server_->stdout_text().find("http://"), std::string::npos) << "plain HTTP without --port";
  auto c = tls_client();
  auto full = c.Get("/show/v0/seg-1.m4s");
  ASSERT_TRUE(full) << httplib::to_string(full.error());
  EXPECT_EQ(full->status, 200);
  EXPECT_EQ(full->body, segment_);
  EXPECT_EQ(full->get_header_value("Access-Control-Allow-Origin"), "*");
  const std::string etag = full->get_header_value("ETag");
  EXPECT_FALSE(etag.empty());
  auto part = c.Get("/show/v0/seg-1.m4s", {{"Range", "bytes=1000-1999"}});
  ASSERT_TRUE(part);
  EXPECT_EQ(part->status, 206);
  EXPECT_EQ(part->body, segment_.substr(1000, 1000));
  auto same = c.Get("/show/v0/seg-1.m4s", {{"If-None-Match", etag}});
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 304);
  auto mpd = c.Get("/show/manifest.mpd");
  ASSERT_TRUE(mpd);
  EXPECT_EQ(mpd->status, 200);
  EXPECT_NE(access_log().find("GET /show/v0/seg-1.m4s range=bytes=1000-1999 206 1000"), std::string::npos)
      << access_log();
}

TEST_F(Tls, PlainHttpTooWhenAPortIsGiven) {
  auto args = tls_args();
  args.insert(args.end(), {"--port", "0"});
  start(args);
  ASSERT_GT(server_->tls_port(), 0);
  ASSERT_GT(server_->port(), 0);
  EXPECT_NE(server_->port(), server_->tls_port());
  auto plain = client().Get("/show/v0/seg-2.m4s");
  auto secure = tls_client().Get("/show/v0/seg-2.m4s");
  ASSERT_TRUE(plain && secure);
  EXPECT_EQ(plain->body, secure->body);
  EXPECT_EQ(plain->body.size(), kSegmentBytes);
}

TEST_F(Tls, AClientThatDoesNotTrustTheCaGetsNoAnswer) {
  start(tls_args());
  httplib::SSLClient untrusting("127.0.0.1", server_->tls_port());
  untrusting.enable_server_certificate_verification(true);  // the system store only
  auto r = untrusting.Get("/show/manifest.mpd");
  EXPECT_FALSE(r);
  EXPECT_EQ(r.error(), httplib::Error::SSLServerVerification);
  auto ok = tls_client().Get("/show/manifest.mpd");  // the server is fine
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(Tls, BadCertificateOrKeyFilesFailWithOneLine) {
  std::ofstream(dir_->path() / "garbage.pem") << "not a certificate\n";
  const std::string cert = pki_.server_cert.string(), key = pki_.server_key.string();
  const struct {
    std::vector<std::string> args;
    std::string expect;
  } cases[] = {
      {{"--tls-cert", (dir_->path() / "missing.pem").string(), "--tls-key", key}, "TLS certificate"},
      {{"--tls-cert", (dir_->path() / "garbage.pem").string(), "--tls-key", key}, "TLS certificate"},
      {{"--tls-cert", cert, "--tls-key", (dir_->path() / "garbage.pem").string()}, "TLS key"},
      {{"--tls-cert", cert, "--tls-key", pki_.other_key.string()}, "does not match"},
      {{"--tls-cert", cert}, "go together"},
  };
  for (const auto& c : cases) {
    std::string command = shell_quote(testing_support::OriginProcess::binary().string()) + " --root " +
                          shell_quote(root_.string()) + " --tls-port 0";
    for (const auto& a : c.args) command += " " + shell_quote(a);
    auto r = run_command(command);
    EXPECT_NE(r.exit_code, 0) << command;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_NE(r.output.find("dash-origin: error: "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(c.expect), std::string::npos) << r.output;
  }
}

// True when the server closes `fd` within `seconds` (data read is dropped).
bool closed_within(int fd, double seconds) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  char buf[4096];
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) > 0 && ::recv(fd, buf, sizeof buf, 0) <= 0) return true;
  }
  return false;
}

TEST_F(Tls, HandshakesThatStallOrAreNotTlsAreCut) {
  auto args = tls_args();
  args.insert(args.end(), {"--read-timeout", "1", "--keep-alive", "1"});
  start(args);
  // The start of a ClientHello record, then nothing: the worker reading it
  // gives up at the read timeout.
  const int stalled = testing_support::connect_loopback(server_->tls_port());
  ASSERT_GE(stalled, 0);
  const char record_start[] = {0x16, 0x03, 0x01, 0x00, 0x40};
  ASSERT_EQ(::send(stalled, record_start, sizeof record_start, MSG_NOSIGNAL), 5);
  // Connected and silent: idle like a keep-alive connection, closed after it.
  const int silent = testing_support::connect_loopback(server_->tls_port());
  ASSERT_GE(silent, 0);
  // Plain HTTP on the TLS port fails the handshake at once.
  const int plain = testing_support::connect_loopback(server_->tls_port());
  ASSERT_GE(plain, 0);
  const std::string request = "GET /show/manifest.mpd HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(::send(plain, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
  EXPECT_TRUE(closed_within(plain, 1.0));
  // Others are served meanwhile.
  auto ok = tls_client().Get("/show/manifest.mpd");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  const double bound_s = 3.0 * testing_support::timing_scale();  // 1 s timeouts, 0.25 s sweeps, slack
  EXPECT_TRUE(closed_within(stalled, bound_s));
  EXPECT_TRUE(closed_within(silent, bound_s));
  for (int fd : {stalled, silent, plain}) ::close(fd);
}

TEST_F(Tls, IdleKeepAliveConnectionsHoldNoThread) {
  start(tls_args());
  std::vector<std::unique_ptr<httplib::SSLClient>> idle;
  for (int i = 0; i < kIdleConnections; ++i) {
    auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", server_->tls_port());
    c->set_ca_cert_path(pki_.ca_cert.string());
    c->enable_server_certificate_verification(true);
    c->set_keep_alive(true);
    auto r = c->Get("/show/manifest.mpd");
    ASSERT_TRUE(r) << i;
    idle.push_back(std::move(c));
  }
  auto metrics = tls_client().Get("/metrics");
  ASSERT_TRUE(metrics);
  const auto gauge = [&](const std::string& name) {
    const size_t at = metrics->body.find("\n" + name + " ");
    return at == std::string::npos ? -1 : std::atoi(metrics->body.c_str() + at + name.size() + 2);
  };
  EXPECT_GE(gauge("dash_origin_open_connections"), kIdleConnections) << metrics->body;
  EXPECT_LT(gauge("dash_origin_threads"), kIdleConnections / 4) << metrics->body;
  // Every idle connection still answers.
  for (auto& c : idle) {
    auto again = c->Get("/show/manifest.mpd");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 200);
  }
}

TEST_F(Tls, ALargeBodyToASlowReaderArrivesWholeWithoutHoldingOthersUp) {
  const std::string big = random_bytes(kBigBytes, 41);
  write("show/big.m4s", big);
  start(tls_args());
  // The slow reader takes nothing for a second, then reads it all.
  auto slow = std::async(std::launch::async, [&] {
    auto c = tls_client();
    std::string body;
    bool paused = false;
    auto r = c.Get("/show/big.m4s", [&](const char* data, size_t n) {
      if (!paused) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        paused = true;
      }
      body.append(data, n);
      return true;
    });
    return r && r->status == 200 ? body : std::string();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto t0 = Clock::now();
  auto fast = tls_client();
  for (int i = 0; i < 20; ++i) {
    auto r = fast.Get("/show/v0/seg-1.m4s");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->body, segment_);
  }
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - t0).count(), 0.9 * testing_support::timing_scale());
  const std::string body = slow.get();
  EXPECT_EQ(body.size(), big.size());
  EXPECT_TRUE(body == big) << "the body arrived changed";
}

}  // namespace
}  // namespace origin_test
