// 512 concurrent keep-alive connections on loopback: no errors, and no
// connection waits more than a second for its first byte (a fixed pool of
// threads blocked on idle keep-alive connections would starve them).
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "origin_fixture.h"
#include "support/raw_http.h"

namespace origin_test {
namespace {

constexpr int kConnections = 512;
constexpr int kRequestsPerConnection = 4;

// Reads one HTTP response (headers + Content-Length body) from a keep-alive socket.
bool read_response(int fd, int& status, std::string& buffer) {
  size_t header_end;
  char buf[65536];
  while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer.append(buf, static_cast<size_t>(n));
  }
  status = testing_support::status_of(buffer);
  size_t cl = buffer.find("Content-Length: ");
  size_t length = cl < header_end ? std::stoul(buffer.substr(cl + 16)) : 0;
  while (buffer.size() < header_end + 4 + length) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer.append(buf, static_cast<size_t>(n));
  }
  buffer.erase(0, header_end + 4 + length);
  return true;
}

class OriginLoad : public OriginFixture {};

TEST_F(OriginLoad, FiveHundredTwelveKeepAliveConnections) {
  // Opening 512 connections takes a while on a busy machine: the idle timeout
  // must not close them before the first request (that is not what this tests).
  start({"--access-log", "off", "--keep-alive", "60"});
  std::atomic<int> errors{0}, slow_first_byte{0}, responses{0};
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> clients;
  for (int i = 0; i < kConnections; ++i) {
    clients.emplace_back([&, i] {
      int fd = testing_support::connect_loopback(port_);
      timeval tv{10, 0};
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      ready.fetch_add(1);
      while (!go.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      if (fd < 0) {
        errors.fetch_add(1);
        return;
      }
      std::string buffer;
      for (int r = 0; r < kRequestsPerConnection; ++r) {
        const std::string path = (i + r) % 3 == 0 ? "/show/manifest.mpd" : "/show/v0/seg-" + std::to_string(1 + (i + r) % 2) + ".m4s";
        const std::string req = "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
        auto t0 = std::chrono::steady_clock::now();
        if (send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) {
          errors.fetch_add(1);
          break;
        }
        int status = 0;
        // Time to first byte: wait for any data.
        char peek;
        if (recv(fd, &peek, 1, MSG_PEEK) != 1) {
          if (errors.fetch_add(1) < 3) ADD_FAILURE() << "connection " << i << " request " << r << ": no first byte, errno " << errno;
          break;
        }
        if (std::chrono::steady_clock::now() - t0 > std::chrono::duration<double>(testing_support::timing_scale()))
          slow_first_byte.fetch_add(1);
        if (!read_response(fd, status, buffer) || status != 200) {
          if (errors.fetch_add(1) < 3) ADD_FAILURE() << "connection " << i << " request " << r << ": status " << status << " errno " << errno;
          break;
        }
        responses.fetch_add(1);
      }
      close(fd);
    });
  }
  while (ready.load() < kConnections) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  go.store(true);
  for (auto& t : clients) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(slow_first_byte.load(), 0);
  EXPECT_EQ(responses.load(), kConnections * kRequestsPerConnection);
  // And the server still answers.
  auto ok = client().Get("/show/manifest.mpd");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

}  // namespace
}  // namespace origin_test
