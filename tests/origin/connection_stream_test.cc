// ConnectionStream over a socketpair: headers leave with the body in one
// write, deferred bodies go out as the peer reads, reads of one request share
// one deadline, and pipelined bytes stay buffered.
#include "origin/connection_stream.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace origin {
namespace {

constexpr int kReadTimeoutMs = 200;
constexpr int kWriteTimeoutMs = 2000;
constexpr size_t kMaxRequestBytes = 1000;

class ConnectionStreamTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds_), 0); }
  void TearDown() override {
    for (int fd : fds_)
      if (fd >= 0) ::close(fd);
  }
  // What the peer can read right now (waits up to 100 ms for the first byte).
  std::string peer_read_available() {
    std::string out;
    char buf[65536];
    pollfd p{fds_[1], POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) return out;
    while (true) {
      ssize_t n = ::recv(fds_[1], buf, sizeof buf, MSG_DONTWAIT);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
  int fds_[2] = {-1, -1};
};

TEST_F(ConnectionStreamTest, HeadersAreHeldUntilTheBody) {
  ConnectionStream s(fds_[0], kReadTimeoutMs, kWriteTimeoutMs, kMaxRequestBytes);
  s.begin_request();
  ASSERT_EQ(s.write("HTTP/1.1 200 OK\r\n\r\n", 19), 19);
  EXPECT_EQ(peer_read_available(), "");  // held back
  ASSERT_EQ(s.write("body", 4), 4);
  EXPECT_EQ(peer_read_available(), "HTTP/1.1 200 OK\r\n\r\nbody");
  // Headers alone (304, HEAD) leave at flush().
  s.begin_request();
  ASSERT_EQ(s.write("HTTP/1.1 304 Not Modified\r\n\r\n", 29), 29);
  EXPECT_TRUE(s.flush());
  EXPECT_EQ(peer_read_available(), "HTTP/1.1 304 Not Modified\r\n\r\n");
}

TEST_F(ConnectionStreamTest, DeferredBodyGoesOutAsThePeerReads) {
  int small = 4096;
  ASSERT_EQ(setsockopt(fds_[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small), 0);
  auto body = std::make_shared<std::string>(2'000'000, 'x');
  for (size_t i = 0; i < body->size(); i += 997) (*body)[i] = static_cast<char>('a' + i % 26);
  ConnectionStream s(fds_[0], kReadTimeoutMs, kWriteTimeoutMs, kMaxRequestBytes);
  s.begin_request();
  s.defer_large_writes(body);
  ASSERT_EQ(s.write("HEAD\r\n\r\n", 8), 8);
  // Returns at once although the socket takes only a few kB.
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(s.write(body->data(), body->size()), static_cast<ssize_t>(body->size()));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(500));
  ASSERT_TRUE(s.has_pending());
  bool done_ok = false;
  int done_calls = 0;
  s.on_pending_done([&](bool ok) {
    done_ok = ok;
    ++done_calls;
  });
  std::weak_ptr<std::string> owner = body;
  body.reset();
  EXPECT_FALSE(owner.expired());  // the stream keeps the bytes alive
  std::string got;
  for (int rounds = 0; rounds < 100000 && s.has_pending(); ++rounds) {
    got += peer_read_available();
    auto progress = s.send_pending();
    ASSERT_NE(progress, ConnectionStream::Progress::kFailed);
  }
  got += peer_read_available();
  EXPECT_FALSE(s.has_pending());
  EXPECT_EQ(done_calls, 1);
  EXPECT_TRUE(done_ok);
  EXPECT_TRUE(owner.expired());  // released once sent
  ASSERT_EQ(got.size(), 8 + 2'000'000u);
  EXPECT_EQ(got.substr(0, 8), "HEAD\r\n\r\n");
  EXPECT_EQ(got[8 + 997], 'a' + 997 % 26);
}

TEST_F(ConnectionStreamTest, PendingBodyToAPeerThatLeftFails) {
  int small = 4096;
  ASSERT_EQ(setsockopt(fds_[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small), 0);
  auto body = std::make_shared<std::string>(1'000'000, 'y');
  ConnectionStream s(fds_[0], kReadTimeoutMs, kWriteTimeoutMs, kMaxRequestBytes);
  s.begin_request();
  s.defer_large_writes(body);
  ASSERT_EQ(s.write(body->data(), body->size()), static_cast<ssize_t>(body->size()));
  ASSERT_TRUE(s.has_pending());
  bool done_ok = true;
  s.on_pending_done([&](bool ok) { done_ok = ok; });
  ::close(fds_[1]);
  fds_[1] = -1;
  EXPECT_EQ(s.send_pending(), ConnectionStream::Progress::kFailed);
  EXPECT_FALSE(done_ok);
  EXPECT_FALSE(s.has_pending());
}

TEST_F(ConnectionStreamTest, ARequestHasOneReadDeadline) {
  ConnectionStream s(fds_[0], kReadTimeoutMs, kWriteTimeoutMs, kMaxRequestBytes);
  s.begin_request();
  // A byte every 50 ms: each read would succeed, but the whole request may
  // take only kReadTimeoutMs.
  std::thread drip([&] {
    for (int i = 0; i < 20; ++i) {
      if (::send(fds_[1], "a", 1, MSG_NOSIGNAL) != 1) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  const auto t0 = std::chrono::steady_clock::now();
  char c;
  int got = 0;
  while (s.read(&c, 1) == 1) ++got;
  const auto took = std::chrono::steady_clock::now() - t0;
  drip.join();
  EXPECT_LT(got, 10);
  EXPECT_GE(took, std::chrono::milliseconds(kReadTimeoutMs - 20));
  EXPECT_LT(took, std::chrono::milliseconds(kReadTimeoutMs + 300));
}

TEST_F(ConnectionStreamTest, PipelinedBytesStayBuffered) {
  const std::string two = "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n";
  ASSERT_EQ(::send(fds_[1], two.data(), two.size(), 0), static_cast<ssize_t>(two.size()));
  ConnectionStream s(fds_[0], kReadTimeoutMs, kWriteTimeoutMs, kMaxRequestBytes);
  s.begin_request();
  std::string first(19, '\0');
  for (size_t i = 0; i < first.size(); ++i) ASSERT_EQ(s.read(&first[i], 1), 1);
  EXPECT_EQ(first, "GET /a HTTP/1.1\r\n\r\n");
  EXPECT_EQ(s.buffered(), two.size() - 19);
}

TEST_F(ConnectionStreamTest, ARequestIsBoundedInSize) {
  const std::string endless(3000, 'h');
  ASSERT_EQ(::send(fds_[1], endless.data(), endless.size(), 0), static_cast<ssize_t>(endless.size()));
  ConnectionStream s(fds_[0], kReadTimeoutMs, kWriteTimeoutMs, kMaxRequestBytes);
  s.begin_request();
  char buf[256];
  size_t got = 0;
  ssize_t n;
  while ((n = s.read(buf, sizeof buf)) > 0) got += static_cast<size_t>(n);
  EXPECT_EQ(n, -1);
  EXPECT_EQ(got, kMaxRequestBytes);
  // The next request starts a fresh count.
  s.begin_request();
  EXPECT_GT(s.read(buf, sizeof buf), 0);
}

}  // namespace
}  // namespace origin
