// 512 concurrent keep-alive connections on loopback: no errors, no connection
// waits more than a second for its first byte, and while all 512 sit idle a
// newcomer is still answered at once. A server with a fixed pool of threads
// that each stay with one keep-alive connection (cpp-httplib's default: 8 on
// this machine) fails this: the connections beyond the pool wait for a whole
// keep-alive timeout. One client thread drives every connection with poll(),
// so the test itself stays light on a shared machine.
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <regex>

#include "origin_fixture.h"
#include "support/process.h"
#include "support/raw_http.h"

namespace origin_test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kConnections = 512;
constexpr int kRounds = 3;
// Scaled under sanitizers (DS_TIMING_SCALE), where everything runs several times slower.
const auto kMaxFirstByte = std::chrono::duration<double>(testing_support::timing_scale());
const auto kRoundDeadline = std::chrono::duration<double>(20 * testing_support::timing_scale());

struct Connection {
  int fd = -1;
  std::string path;
  std::string in;
  Clock::time_point sent;
  bool got_first_byte = false;
  bool done = false;
};

// The length of a complete response at the start of `in`, or 0 when more is needed.
size_t complete_response(const std::string& in) {
  size_t end = in.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  size_t length = 0;
  size_t cl = in.find("Content-Length: ");
  if (cl != std::string::npos && cl < end) length = std::stoul(in.substr(cl + 16));
  return in.size() >= end + 4 + length ? end + 4 + length : 0;
}

struct RoundResult {
  int ok = 0;
  int errors = 0;
  int slow_first_byte = 0;
  double max_first_byte_s = 0;
  std::string first_error;
};

// Sends one GET on every connection and waits for every response.
RoundResult run_round(std::vector<Connection>& conns) {
  RoundResult r;
  auto fail = [&](Connection& c, const std::string& why) {
    if (r.errors++ == 0) r.first_error = c.path + ": " + why;
    c.done = true;
  };
  for (auto& c : conns) {
    c.in.clear();
    c.got_first_byte = false;
    c.done = false;
    const std::string req = "GET " + c.path + " HTTP/1.1\r\nHost: x\r\n\r\n";
    c.sent = Clock::now();
    if (::send(c.fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) fail(c, "send");
  }
  const auto deadline = Clock::now() + kRoundDeadline;
  std::vector<pollfd> fds;
  std::vector<Connection*> owners;
  char buf[65536];
  while (Clock::now() < deadline) {
    fds.clear();
    owners.clear();
    for (auto& c : conns)
      if (!c.done) {
        fds.push_back({c.fd, POLLIN, 0});
        owners.push_back(&c);
      }
    if (fds.empty()) break;
    if (::poll(fds.data(), fds.size(), 100) < 0) break;
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      Connection& c = *owners[i];
      ssize_t n = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n <= 0) {
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        fail(c, n == 0 ? "closed by the server" : std::string("recv: ") + std::strerror(errno));
        continue;
      }
      if (!c.got_first_byte) {
        c.got_first_byte = true;
        const auto waited = Clock::now() - c.sent;
        r.max_first_byte_s = std::max(r.max_first_byte_s, std::chrono::duration<double>(waited).count());
        if (waited > kMaxFirstByte) ++r.slow_first_byte;
      }
      c.in.append(buf, static_cast<size_t>(n));
      if (size_t len = complete_response(c.in)) {
        if (testing_support::status_of(c.in) != 200 || len != c.in.size()) fail(c, c.in.substr(0, 40));
        else {
          c.done = true;
          ++r.ok;
        }
      }
    }
  }
  for (auto& c : conns)
    if (!c.done) fail(c, "no complete response before the deadline");
  return r;
}

class OriginLoad : public OriginFixture {};

TEST_F(OriginLoad, FiveHundredTwelveKeepAliveConnections) {
  // A keep-alive time well above the test's length: idle connections must
  // cost no thread, not be closed to make room.
  start({"--access-log", "off", "--keep-alive", "60"});
  std::vector<Connection> conns(kConnections);
  for (int i = 0; i < kConnections; ++i) {
    conns[i].fd = testing_support::connect_loopback(port_);
    ASSERT_GE(conns[i].fd, 0) << "connect " << i;
    conns[i].path = i % 3 == 0 ? "/show/manifest.mpd" : "/show/v0/seg-" + std::to_string(1 + i % 2) + ".m4s";
  }
  for (int round = 0; round < kRounds; ++round) {
    RoundResult r = run_round(conns);
    EXPECT_EQ(r.errors, 0) << "round " << round << ": first error: " << r.first_error;
    EXPECT_EQ(r.ok, kConnections) << "round " << round;
    EXPECT_EQ(r.slow_first_byte, 0) << "round " << round << ": slowest first byte " << r.max_first_byte_s << " s";
  }

  // All 512 are now idle keep-alive connections. A newcomer is served at once.
  auto c = client();
  for (int i = 0; i < 10; ++i) {
    const auto t0 = Clock::now();
    auto res = c.Get("/show/manifest.mpd");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_LT(Clock::now() - t0, kMaxFirstByte);
  }
  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  std::smatch m;
  const std::string body = metrics->body;
  ASSERT_TRUE(std::regex_search(body, m, std::regex("dash_origin_open_connections ([0-9]+)")));
  EXPECT_GE(std::stoi(m[1]), kConnections);

  // And the idle ones are still served.
  RoundResult again = run_round(conns);
  EXPECT_EQ(again.errors, 0) << again.first_error;
  EXPECT_EQ(again.ok, kConnections);
  for (auto& conn : conns) ::close(conn.fd);
}

}  // namespace
}  // namespace origin_test
