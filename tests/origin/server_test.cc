// The real dash-origin on loopback: headers, ranges, conditional requests,
// CORS, methods, path safety and malformed requests; content coding, the
// cache's revalidation, the uncached read path, limits per connection, CORS on
// errors, faults, listings and odd files; shutdown.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <future>
#include <thread>

#include "origin_fixture.h"
#include "support/raw_http.h"

namespace origin_test {
namespace {

using testing_support::raw_exchange;
using testing_support::status_of;
using Clock = std::chrono::steady_clock;

class OriginServer : public OriginFixture {
 protected:
  void expect_still_serving() {
    auto ok = client().Get("/show/manifest.mpd");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
  }
};

TEST_F(OriginServer, GetAndHeadCarryValidatorsCachingAndCors) {
  start();
  auto c = client();
  auto res = c.Get("/show/manifest.mpd");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/dash+xml");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "public, max-age=10");
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "*");
  EXPECT_NE(res->get_header_value("Access-Control-Expose-Headers").find("Content-Range"), std::string::npos);
  EXPECT_EQ(res->get_header_value("Accept-Ranges"), "bytes");
  EXPECT_FALSE(res->get_header_value("Last-Modified").empty());
  const std::string etag = res->get_header_value("ETag");
  ASSERT_GE(etag.size(), 3u);
  EXPECT_EQ(etag.front(), '"');
  auto seg = c.Get("/show/v0/seg-1.m4s");
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->body, segment_);
  EXPECT_EQ(seg->get_header_value("Content-Type"), "video/iso.segment");
  EXPECT_EQ(seg->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  auto head = c.Head("/show/v0/seg-1.m4s");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(kSegmentBytes));
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(head->get_header_value("ETag"), seg->get_header_value("ETag"));
}

TEST_F(OriginServer, Ranges) {
  start();
  auto c = client();
  auto part = c.Get("/show/v0/seg-1.m4s", {{"Range", "bytes=100-199"}});
  ASSERT_TRUE(part);
  EXPECT_EQ(part->status, 206);
  EXPECT_EQ(part->get_header_value("Content-Range"), "bytes 100-199/" + std::to_string(kSegmentBytes));
  EXPECT_EQ(part->body, segment_.substr(100, 100));
  auto open = c.Get("/show/v0/seg-1.m4s", {{"Range", "bytes=199990-"}});
  ASSERT_TRUE(open);
  EXPECT_EQ(open->status, 206);
  EXPECT_EQ(open->body, segment_.substr(199990));
  auto suffix = c.Get("/show/v0/seg-1.m4s", {{"Range", "bytes=-10"}});
  ASSERT_TRUE(suffix);
  EXPECT_EQ(suffix->body, segment_.substr(kSegmentBytes - 10));
  auto beyond = c.Get("/show/v0/seg-1.m4s", {{"Range", "bytes=900000-"}});
  ASSERT_TRUE(beyond);
  EXPECT_EQ(beyond->status, 416);
  EXPECT_EQ(beyond->get_header_value("Content-Range"), "bytes */" + std::to_string(kSegmentBytes));
  auto multi = c.Get("/show/v0/seg-1.m4s", {{"Range", "bytes=0-1, 5-6"}});
  ASSERT_TRUE(multi);
  EXPECT_EQ(multi->status, 200);
  EXPECT_EQ(multi->body.size(), kSegmentBytes);
}

TEST_F(OriginServer, IfRangeAndConditionals) {
  start();
  auto c = client();
  auto full = c.Get("/show/v0/seg-1.m4s");
  ASSERT_TRUE(full);
  const std::string etag = full->get_header_value("ETag");
  const std::string modified = full->get_header_value("Last-Modified");
  auto fresh = c.Get("/show/v0/seg-1.m4s", {{"Range", "bytes=0-9"}, {"If-Range", etag}});
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->status, 206);
  auto stale = c.Get("/show/v0/seg-1.m4s", {{"Range", "bytes=0-9"}, {"If-Range", "\"stale\""}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 200);
  EXPECT_EQ(stale->body.size(), kSegmentBytes);
  auto inm = c.Get("/show/v0/seg-1.m4s", {{"If-None-Match", etag}});
  ASSERT_TRUE(inm);
  EXPECT_EQ(inm->status, 304);
  EXPECT_TRUE(inm->body.empty());
  EXPECT_EQ(inm->get_header_value("ETag"), etag);
  auto ims = c.Get("/show/v0/seg-1.m4s", {{"If-Modified-Since", modified}});
  ASSERT_TRUE(ims);
  EXPECT_EQ(ims->status, 304);
  auto other = c.Get("/show/v0/seg-1.m4s", {{"If-None-Match", "\"nope\""}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
}

TEST_F(OriginServer, CorsPreflightAndMethods) {
  start();
  std::string r = raw_exchange(port_, "OPTIONS /show/manifest.mpd HTTP/1.1\r\nHost: x\r\nOrigin: http://a\r\n"
                                      "Access-Control-Request-Method: GET\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(r), 204) << r;
  EXPECT_NE(r.find("Access-Control-Allow-Methods: GET, HEAD, OPTIONS"), std::string::npos);
  EXPECT_NE(r.find("Access-Control-Allow-Headers: Range"), std::string::npos);
  for (const char* m : {"POST", "PUT", "DELETE", "PATCH"}) {
    std::string resp = raw_exchange(port_, std::string(m) + " /show/manifest.mpd HTTP/1.1\r\nHost: x\r\n"
                                                            "Content-Length: 0\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(status_of(resp), 405) << m << ": " << resp;
    EXPECT_NE(resp.find("Allow: GET, HEAD, OPTIONS"), std::string::npos);
  }
}

TEST_F(OriginServer, NothingOutsideTheRootIsServed) {
  start();
  const char* attempts[] = {
      "/../outside-secret",       "/show/../../outside-secret", "/%2e%2e/outside-secret",
      "/%2E%2E%2Foutside-secret", "/%252e%252e/outside-secret", "//outside-secret",
      "/show/..%2f..%2foutside-secret", "/show\\..\\..\\outside-secret", "/show%5c..%5c..%5coutside-secret",
      "/secret.txt%00.mpd",       "/show/escape.m4s",           "/sub/",
      "/sub",
  };
  for (const char* a : attempts) {
    std::string r = raw_exchange(port_, std::string("GET ") + a + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    int status = status_of(r);
    EXPECT_GE(status, 400) << a << "\n" << r;
    EXPECT_LT(status, 500) << a;
    EXPECT_EQ(r.find("TOP-SECRET"), std::string::npos) << a;
  }
  std::string absolute =
      raw_exchange(port_, "GET http://x/../outside-secret HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(absolute.find("TOP-SECRET"), std::string::npos);
  EXPECT_GE(status_of(absolute), 400);
  // Still serving.
  auto ok = client().Get("/secret.txt");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->body, "inside");
}

TEST_F(OriginServer, MalformedRequestsGetA4xxAndTheServerKeepsServing) {
  start();
  struct Case {
    std::string request;
    int status;
  } cases[] = {
      {"GARBAGE\r\n\r\n", 400},
      {"GET\r\n\r\n", 400},
      {"FOO /show/manifest.mpd HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"GET /show/manifest.mpd HTTP/9.9\r\nHost: x\r\n\r\n", 400},
      {"GET /show/%zz.mpd HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"GET /show/manifest.mpd HTTP/1.1\r\nHost: x\r\nRange: bytes=abc\r\n\r\n", 416},
      {"GET /show/manifest.mpd HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n", 400},
      {"GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414},
      {"GET /nope.m4s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404},
  };
  for (const auto& c : cases) {
    std::string r = raw_exchange(port_, c.request, std::chrono::seconds(3));
    EXPECT_EQ(status_of(r), c.status) << c.request.substr(0, 60) << "\n" << r.substr(0, 200);
  }
  auto ok = client().Get("/show/manifest.mpd");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(OriginServer, IndexMetricsAndPlayerPage) {
  start();
  auto c = client();
  ASSERT_TRUE(c.Get("/show/v0/seg-1.m4s"));
  auto index = c.Get("/");
  ASSERT_TRUE(index);
  EXPECT_NE(index->body.find("/show/manifest.mpd"), std::string::npos);
  EXPECT_NE(index->body.find("/_player?mpd="), std::string::npos);
  auto player = c.Get("/_player?mpd=/show/manifest.mpd");
  ASSERT_TRUE(player);
  EXPECT_NE(player->body.find("dash.all.min.js"), std::string::npos);
  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("dash_origin_requests_total{status=\"200\"}"), std::string::npos);
  EXPECT_NE(metrics->body.find("dash_origin_bytes_sent_total"), std::string::npos);
  EXPECT_NE(metrics->body.find("dash_origin_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics->body.find("dash_origin_open_connections"), std::string::npos);
  EXPECT_NE(server_->stdout_text().find("/show/manifest.mpd"), std::string::npos);  // banner
  // One access-log line per request with method, path, status and bytes.
  std::string log = access_log();
  EXPECT_NE(log.find("GET /show/v0/seg-1.m4s range=- 200 " + std::to_string(kSegmentBytes)), std::string::npos) << log;
}

TEST_F(OriginServer, StalledClientDoesNotPinTheServer) {
  start({"--read-timeout", "2"});
  // A client that sends half a request line and then nothing.
  int stalled = testing_support::connect_loopback(port_);
  ASSERT_GE(stalled, 0);
  ASSERT_GT(::send(stalled, "GET /show/mani", 14, MSG_NOSIGNAL), 0);
  // Others are served meanwhile.
  auto t0 = std::chrono::steady_clock::now();
  auto ok = client().Get("/show/manifest.mpd");
  ASSERT_TRUE(ok);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(500));
  // The stalled connection is closed after the read timeout.
  char buf[256];
  timeval tv{5, 0};
  setsockopt(stalled, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  auto s0 = std::chrono::steady_clock::now();
  ssize_t n = ::recv(stalled, buf, sizeof buf, 0);
  EXPECT_LE(n, 64 * 1024);  // closed (0) or an error response
  EXPECT_LT(std::chrono::steady_clock::now() - s0, std::chrono::milliseconds(4500));
  ::close(stalled);
}

TEST_F(OriginServer, GracefulShutdownOnSigterm) {
  start();
  ASSERT_TRUE(client().Get("/show/manifest.mpd"));
  EXPECT_EQ(server_->stop(SIGTERM, std::chrono::seconds(8)), 0) << server_->stderr_text();
  EXPECT_NE(server_->stderr_text().find("SIGTERM"), std::string::npos);
}

TEST_F(OriginServer, BadCommandLinesFailWithOneLine) {
  auto bin = (testing_support::binary_dir() / "origin/dash-origin").string();
  for (const std::string args : {"--root /nonexistent/dir", "--root . --rate fast", "--root . --latency soon",
                                 "--root . --trace /nonexistent/trace", "--root . --fail-rate 0.7 --drop-rate 0.6"}) {
    auto r = testing_support::run_command(bin + " " + args);
    EXPECT_NE(r.exit_code, 0) << args;
    EXPECT_NE(r.output.find("dash-origin: error:"), std::string::npos) << args << ": " << r.output;
  }
}

// Reads from `fd` until the server closes it or `timeout` passes.
std::string read_until_closed(int fd, std::chrono::milliseconds timeout) {
  std::string out;
  const auto deadline = Clock::now() + timeout;
  char buf[65536];
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

TEST_F(OriginServer, SlowlorisDripIsCutAtTheReadTimeout) {
  start({"--read-timeout", "1"});
  int fd = testing_support::connect_loopback(port_);
  ASSERT_GE(fd, 0);
  // A header that never ends, one byte every 200 ms: each read succeeds, but
  // the whole request must arrive within the read timeout.
  const std::string drip = "GET /show/manifest.mpd HTTP/1.1\r\nHost: x\r\nX-Drip: " + std::string(100, 'a');
  const auto t0 = Clock::now();
  bool closed = false;
  for (char c : drip) {
    if (::send(fd, &c, 1, MSG_NOSIGNAL) != 1) {
      closed = true;
      break;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 200) > 0) {  // an answer (408/400) or the close
      closed = true;
      break;
    }
  }
  const double cut_after_s = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_TRUE(closed);
  EXPECT_LT(cut_after_s, 3.0);  // 1 s timeout + slack; 100 drips would take 20 s
  ::close(fd);
  auto ok = client().Get("/show/manifest.mpd");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(OriginServer, RequestBodiesAreLimitedAndNeverReadAsRequests) {
  start();
  const std::string big(100'000, 'x');
  std::string r = raw_exchange(port_, "GET /show/manifest.mpd HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                          std::to_string(big.size()) + "\r\n\r\n" + big);
  EXPECT_EQ(status_of(r), 413) << r.substr(0, 200);
  // A small body that looks like a request is dropped, not answered: one
  // response for the GET, then the real second request.
  const std::string smuggled = "GET /secret.txt HTTP/1.1\r\nHost: x\r\n\r\n";
  int fd = testing_support::connect_loopback(port_);
  ASSERT_GE(fd, 0);
  const std::string two = "GET /show/manifest.mpd HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                          std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled +
                          "HEAD /show/manifest.mpd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(::send(fd, two.data(), two.size(), MSG_NOSIGNAL), static_cast<ssize_t>(two.size()));
  std::string both = read_until_closed(fd, std::chrono::seconds(5));
  ::close(fd);
  EXPECT_EQ(both.find("inside"), std::string::npos) << both;
  size_t responses = 0;
  for (size_t at = both.find("HTTP/1.1 "); at != std::string::npos; at = both.find("HTTP/1.1 ", at + 1)) ++responses;
  EXPECT_EQ(responses, 2u) << both;
  // Bodies on other methods and chunked bodies: refused, connection closed.
  std::string post = raw_exchange(port_, "POST /show/manifest.mpd HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n"
                                         "GET /secret.txt HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(status_of(post), 405);
  EXPECT_EQ(post.find("inside"), std::string::npos);
  std::string chunked = raw_exchange(port_, "GET /show/manifest.mpd HTTP/1.1\r\nHost: x\r\n"
                                            "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  EXPECT_EQ(status_of(chunked), 400);
  auto ok = client().Get("/show/manifest.mpd");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(OriginServer, PipelinedRequestsAreAnsweredInOrder) {
  start();
  int fd = testing_support::connect_loopback(port_);
  ASSERT_GE(fd, 0);
  const std::string reqs =
      "GET /show/manifest.mpd HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /show/v0/seg-1.m4s HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n"
      "HEAD /secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(::send(fd, reqs.data(), reqs.size(), MSG_NOSIGNAL), static_cast<ssize_t>(reqs.size()));
  std::string all = read_until_closed(fd, std::chrono::seconds(5));
  ::close(fd);
  size_t first = all.find("HTTP/1.1 200"), second = all.find("HTTP/1.1 206"), third = all.rfind("HTTP/1.1 200");
  ASSERT_NE(first, std::string::npos) << all.substr(0, 300);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_NE(all.find(segment_.substr(0, 10)), std::string::npos);
}

TEST_F(OriginServer, SlowReaderGetsTheWholeBodyWithoutHoldingOthersUp) {
  const std::string big = random_bytes(3'000'000, 9);
  write("show/big.m4s", big);
  start({"--access-log", "off"});
  // A small receive buffer, set before connecting so the window starts small.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int small = 4096;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string req = "GET /show/big.m4s HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  // While that body waits for its reader, others are answered at once.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  for (int i = 0; i < 5; ++i) {
    const auto t0 = Clock::now();
    auto ok = client().Get("/show/manifest.mpd");
    ASSERT_TRUE(ok);
    EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(500));
  }
  // Now read it slowly, in small bites.
  std::string in;
  char buf[16384];
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  size_t header_end = std::string::npos;
  while (Clock::now() < deadline) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<size_t>(n));
    if (header_end == std::string::npos) header_end = in.find("\r\n\r\n");
    if (header_end != std::string::npos && in.size() >= header_end + 4 + big.size()) break;
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  ASSERT_NE(header_end, std::string::npos);
  EXPECT_EQ(status_of(in), 200);
  ASSERT_EQ(in.size(), header_end + 4 + big.size());
  EXPECT_TRUE(in.compare(header_end + 4, big.size(), big) == 0);
  // The connection goes on serving after the deferred body.
  const std::string again = "GET /secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(::send(fd, again.data(), again.size(), MSG_NOSIGNAL), static_cast<ssize_t>(again.size()));
  std::string second = read_until_closed(fd, std::chrono::seconds(5));
  EXPECT_EQ(status_of(second), 200);
  EXPECT_NE(second.find("inside"), std::string::npos);
  ::close(fd);
}

TEST_F(OriginServer, SymlinkedDirectoryOutOfTheRootIsRefused) {
  std::filesystem::create_directories(dir_->path() / "outside-dir");
  std::ofstream(dir_->path() / "outside-dir" / "x.m4s") << "TOP-SECRET";
  std::filesystem::create_directory_symlink(dir_->path() / "outside-dir", root_ / "linked");
  start();
  for (const char* target : {"/linked/x.m4s", "/linked/", "/linked/../secret.txt"}) {
    std::string r =
        raw_exchange(port_, std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_GE(status_of(r), 400) << target;
    EXPECT_LT(status_of(r), 500) << target;
    EXPECT_EQ(r.find("TOP-SECRET"), std::string::npos) << target;
  }
}

TEST_F(OriginServer, HeadRangesAndConditionalLists) {
  start();
  auto c = client();
  auto full = c.Get("/show/v0/seg-1.m4s");
  ASSERT_TRUE(full);
  const std::string etag = full->get_header_value("ETag");
  std::string head = raw_exchange(port_, "HEAD /show/v0/seg-1.m4s HTTP/1.1\r\nHost: x\r\nRange: bytes=10-19\r\n"
                                         "Connection: close\r\n\r\n");
  EXPECT_EQ(status_of(head), 206) << head;
  EXPECT_NE(head.find("Content-Length: 10\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.substr(head.find("\r\n\r\n") + 4), "");
  // Last byte, first byte, and a backwards range (invalid syntax: httplib
  // answers 416 before our handler sees it).
  auto last = c.Get("/show/v0/seg-1.m4s", {{"Range", "bytes=-1"}});
  ASSERT_TRUE(last);
  EXPECT_EQ(last->body, segment_.substr(kSegmentBytes - 1));
  auto one = c.Get("/show/v0/seg-1.m4s", {{"Range", "bytes=0-0"}});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 206);
  EXPECT_EQ(one->body, segment_.substr(0, 1));
  auto backwards = c.Get("/show/v0/seg-1.m4s", {{"Range", "bytes=20-10"}});
  ASSERT_TRUE(backwards);
  EXPECT_EQ(backwards->status, 416);
  // If-None-Match with a list and a weak tag; it wins over a Range.
  auto listed = c.Get("/show/v0/seg-1.m4s", {{"If-None-Match", "\"other\", W/" + etag}, {"Range", "bytes=0-9"}});
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 304);
  auto older = c.Get("/show/v0/seg-1.m4s", {{"If-Modified-Since", "Thu, 01 Jan 1970 00:00:01 GMT"}});
  ASSERT_TRUE(older);
  EXPECT_EQ(older->status, 200);
}

TEST_F(OriginServer, SigtermFinishesAShapedBodyInFlight) {
  // 200 kB at 2 Mbit/s take 0.8 s; SIGTERM comes after 0.2 s.
  start({"--rate", "2mbit", "--access-log", "off"});
  auto download = std::async(std::launch::async, [this] {
    auto c = client();
    auto r = c.Get("/show/v0/seg-1.m4s");
    return r ? r->body : std::string();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ::kill(server_->pid(), SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // No new connections once shutting down.
  EXPECT_LT(testing_support::connect_loopback(port_), 0);
  EXPECT_EQ(download.get(), segment_);
  EXPECT_EQ(server_->stop(SIGTERM, std::chrono::seconds(8)), 0) << server_->stderr_text();
}

TEST_F(OriginServer, ShutdownDeadlineCutsWhatIsStillGoing) {
  // 200 kB at 100 kbit/s would take 16 s; the deadline is 1 s.
  start({"--rate", "100kbit", "--shutdown-deadline", "1", "--access-log", "off"});
  auto download = std::async(std::launch::async, [this] {
    auto c = client();
    c.set_read_timeout(20, 0);
    auto r = c.Get("/show/v0/seg-1.m4s");
    return r ? r->body.size() : 0;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto t0 = Clock::now();
  EXPECT_EQ(server_->stop(SIGTERM, std::chrono::seconds(10)), 0) << server_->stderr_text();
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(4));
  EXPECT_LT(download.get(), kSegmentBytes);
}


std::string get(const std::string& request_line_and_headers) { return request_line_and_headers + "\r\n\r\n"; }

// The value of `name` in a raw response's headers ("" when absent).
std::string header_of(const std::string& response, const std::string& name) {
  const size_t end = response.find("\r\n\r\n");
  size_t at = 0;
  while ((at = response.find("\r\n", at)) != std::string::npos && at < end) {
    at += 2;
    if (strncasecmp(response.c_str() + at, (name + ":").c_str(), name.size() + 1) == 0) {
      size_t v = at + name.size() + 1;
      while (response[v] == ' ') ++v;
      return response.substr(v, response.find("\r\n", v) - v);
    }
  }
  return {};
}

// True when the server closes `fd` within `timeout` (reading and dropping data).
bool closed_within(int fd, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  char buf[4096];
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
  return false;
}

TEST_F(OriginServer, MoreMalformedRequestsGet4xx) {
  start();
  struct Case {
    std::string request;
    int status;
  } cases[] = {
      {std::string("GET /show/mani\0fest.mpd HTTP/1.1\r\nHost: x\r\n\r\n", 45), 400},
      {"GET /show/manifest.mpd\r\nHost: x\r\n\r\n", 400},
      {"GET /show/manifest.mpd HTTP/1.1 extra\r\nHost: x\r\n\r\n", 400},
      {"GET /show/%2 HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"GET /show/manifest.mpd%00 HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"get /show/manifest.mpd HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"TRACE /show/manifest.mpd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405},
      {"CONNECT x:443 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405},
  };
  for (const auto& c : cases) {
    std::string r = raw_exchange(port_, c.request, std::chrono::seconds(3));
    const int status = status_of(r);
    EXPECT_GE(status, 400) << c.request.substr(0, 50) << "\n" << r.substr(0, 200);
    EXPECT_LT(status, 500) << c.request.substr(0, 50) << "\n" << r.substr(0, 200);
    EXPECT_EQ(status, c.status) << c.request.substr(0, 50) << "\n" << r.substr(0, 200);
  }
  expect_still_serving();
}

TEST_F(OriginServer, ManyHeadersAreRefusedOrBounded) {
  start();
  // 2000 headers of 500 bytes (1 MB): each line is legal, the block is not.
  std::string request = "GET /show/manifest.mpd HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 2000; ++i) request += "X-H" + std::to_string(i) + ": " + std::string(500, 'v') + "\r\n";
  request += "Connection: close\r\n\r\n";
  std::string r = raw_exchange(port_, request, std::chrono::seconds(5));
  const int status = status_of(r);
  EXPECT_TRUE(status == -1 || (status >= 400 && status < 500)) << r.substr(0, 200);
  expect_still_serving();
}

TEST_F(OriginServer, ConflictingOrBadBodyFramingIsRefused) {
  start();
  for (const char* framing : {"Content-Length: -1", "Content-Length: abc", "Content-Length: 5\r\nContent-Length: 6",
                              "Transfer-Encoding: chunked\r\nContent-Length: 5"}) {
    std::string r = raw_exchange(
        port_, std::string("GET /show/manifest.mpd HTTP/1.1\r\nHost: x\r\n") + framing + "\r\n\r\nhello",
        std::chrono::seconds(3));
    const int status = status_of(r);
    // A 200 is acceptable only if the server then closes (no request smuggling).
    if (status == 200) {
      EXPECT_EQ(header_of(r, "Connection"), "close") << framing;
    } else {
      EXPECT_GE(status, 400) << framing << "\n" << r.substr(0, 200);
      EXPECT_LT(status, 500) << framing;
    }
  }
  expect_still_serving();
}

TEST_F(OriginServer, Http10AndConnectionClose) {
  start();
  std::string r = raw_exchange(port_, get("GET /show/manifest.mpd HTTP/1.0"));
  EXPECT_EQ(status_of(r), 200) << r;
  int fd = testing_support::connect_loopback(port_);
  ASSERT_GE(fd, 0);
  const std::string req = get("GET /show/manifest.mpd HTTP/1.1\r\nHost: x\r\nConnection: close");
  ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  EXPECT_TRUE(closed_within(fd, std::chrono::seconds(3)));
  ::close(fd);
}

TEST_F(OriginServer, FilesAreNeverContentCoded) {
  // httplib (built with zlib and brotli) would gzip text types, ranges
  // included, under the same strong ETag.
  const std::string json = "{\"segments\": [" + std::string(5000, ' ') + "]}";
  write("show/segments.json", json);
  write("show/page.html", "<html>" + std::string(5000, ' ') + "</html>");
  start();
  for (const char* path : {"/show/segments.json", "/show/page.html", "/show/manifest.mpd"}) {
    auto full = client().Get(path, {{"Accept-Encoding", "gzip, deflate, br"}});
    ASSERT_TRUE(full) << path;
    EXPECT_EQ(full->get_header_value("Content-Encoding"), "") << path;
    auto part = client().Get(path, {{"Accept-Encoding", "gzip, br"}, {"Range", "bytes=0-9"}});
    ASSERT_TRUE(part) << path;
    EXPECT_EQ(part->status, 206) << path;
    EXPECT_EQ(part->get_header_value("Content-Encoding"), "") << path;
    EXPECT_EQ(part->body.size(), 10u) << path;
  }
  auto part = client().Get("/show/segments.json", {{"Accept-Encoding", "gzip"}, {"Range", "bytes=0-9"}});
  ASSERT_TRUE(part);
  EXPECT_EQ(part->body, json.substr(0, 10));
}

TEST_F(OriginServer, ContentIndexHtmlWinsOverTheGeneratedIndex) {
  write("index.html", "<html>our own index</html>");
  start();
  auto r = client().Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "<html>our own index</html>");
}

TEST_F(OriginServer, UncachedFilesServeRangesAndHeadCorrectly) {
  const std::string big = random_bytes(3'000'000, 9);
  write("show/big.mp4", big);
  start({"--cache-mb", "0"});
  auto c = client();
  auto whole = c.Get("/show/big.mp4");
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->body, big);
  auto head = c.Head("/show/big.mp4");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(big.size()));
  for (auto [first, last] : {std::pair<size_t, size_t>{0, 0}, {1'048'575, 1'048'577}, {2'999'000, 2'999'999},
                             {123'456, 2'345'678}}) {
    auto part = c.Get("/show/big.mp4", {{"Range", "bytes=" + std::to_string(first) + "-" + std::to_string(last)}});
    ASSERT_TRUE(part);
    EXPECT_EQ(part->status, 206);
    EXPECT_EQ(part->body, big.substr(first, last - first + 1)) << first << "-" << last;
  }
  auto head_range = c.Head("/show/big.mp4", {{"Range", "bytes=100-199"}});
  ASSERT_TRUE(head_range);
  EXPECT_EQ(head_range->status, 206);
  EXPECT_EQ(head_range->get_header_value("Content-Length"), "100");
  EXPECT_TRUE(head_range->body.empty());
}

TEST_F(OriginServer, ParallelRangesOfOneFileAreExact) {
  const std::string big = random_bytes(2'000'000, 11);
  write("show/parallel.mp4", big);
  start();
  constexpr int kThreads = 16;
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto c = client();
      for (int k = 0; k < 8; ++k) {
        const size_t first = static_cast<size_t>((i * 7919 + k * 104729) % 1'900'000);
        const size_t last = first + static_cast<size_t>(1 + (i * 31 + k * 17) % 90'000);
        auto r = c.Get("/show/parallel.mp4",
                       {{"Range", "bytes=" + std::to_string(first) + "-" + std::to_string(last)}});
        if (!r || r->status != 206 || r->body != big.substr(first, last - first + 1)) wrong.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST_F(OriginServer, EmptyFilesAndEncodedNames) {
  write("show/empty.m4s", "");
  write("show/a b+c.m4s", "spaced");
  start();
  auto c = client();
  auto empty = c.Get("/show/empty.m4s");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 200);
  EXPECT_EQ(empty->get_header_value("Content-Length"), "0");
  auto empty_range = c.Get("/show/empty.m4s", {{"Range", "bytes=0-"}});
  ASSERT_TRUE(empty_range);
  EXPECT_EQ(empty_range->status, 416);
  EXPECT_EQ(empty_range->get_header_value("Content-Range"), "bytes */0");
  auto spaced = c.Get("/show/a%20b+c.m4s");
  ASSERT_TRUE(spaced);
  EXPECT_EQ(spaced->body, "spaced");
  auto star = c.Get("/show/manifest.mpd", {{"If-None-Match", "*"}});
  ASSERT_TRUE(star);
  EXPECT_EQ(star->status, 304);
}

TEST_F(OriginServer, FifoAndOtherSpecialFilesAreNotServed) {
  ASSERT_EQ(::mkfifo((root_ / "show/pipe.m4s").c_str(), 0644), 0);
  start();
  const auto t0 = Clock::now();
  std::string r = raw_exchange(port_, get("GET /show/pipe.m4s HTTP/1.1\r\nHost: x\r\nConnection: close"),
                               std::chrono::seconds(3));
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(2));
  EXPECT_GE(status_of(r), 400) << r;
  EXPECT_LT(status_of(r), 500) << r;
  expect_still_serving();
}

TEST_F(OriginServer, ErrorsCarryCors) {
  start();
  for (const std::string& request :
       {get("GET /nope.m4s HTTP/1.1\r\nHost: x\r\nConnection: close"),
        get("DELETE /show/manifest.mpd HTTP/1.1\r\nHost: x\r\nConnection: close"),
        get("GET /show/v0/seg-1.m4s HTTP/1.1\r\nHost: x\r\nRange: bytes=999999-\r\nConnection: close"),
        get("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close"),
        get("GET /../x HTTP/1.1\r\nHost: x\r\nConnection: close")}) {
    std::string r = raw_exchange(port_, request);
    EXPECT_GE(status_of(r), 400) << request;
    EXPECT_EQ(header_of(r, "Access-Control-Allow-Origin"), "*") << request << "\n" << r.substr(0, 300);
    // One Access-Control-Allow-Origin, not two (httplib's set_header appends).
    EXPECT_EQ(r.find("Access-Control-Allow-Origin", r.find("Access-Control-Allow-Origin") + 1), std::string::npos)
        << r.substr(0, 300);
  }
}

TEST_F(OriginServer, IdleKeepAliveConnectionsAreClosedAfterTheTimeout) {
  start({"--keep-alive", "1"});
  int fd = testing_support::connect_loopback(port_);
  ASSERT_GE(fd, 0);
  const std::string req = get("GET /show/manifest.mpd HTTP/1.1\r\nHost: x");
  ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  const auto t0 = Clock::now();
  EXPECT_TRUE(closed_within(fd, std::chrono::seconds(4)));
  const double closed_after_s = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_GE(closed_after_s, 0.8);
  ::close(fd);
  // A connection that never sends anything is closed too.
  int silent = testing_support::connect_loopback(port_);
  ASSERT_GE(silent, 0);
  EXPECT_TRUE(closed_within(silent, std::chrono::seconds(8)));
  ::close(silent);
}

TEST_F(OriginServer, RequestsPerConnectionAreBounded) {
  start({"--keep-alive-requests", "3"});
  int fd = testing_support::connect_loopback(port_);
  ASSERT_GE(fd, 0);
  std::string all;
  const std::string req = get("GET /secret.txt HTTP/1.1\r\nHost: x");
  for (int i = 0; i < 3; ++i) ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  EXPECT_TRUE(closed_within(fd, std::chrono::seconds(3)));
  ::close(fd);
  // Pipelined three: all three answered, the third says close.
  int fd2 = testing_support::connect_loopback(port_);
  const std::string three = req + req + req;
  ASSERT_EQ(::send(fd2, three.data(), three.size(), MSG_NOSIGNAL), static_cast<ssize_t>(three.size()));
  char buf[8192];
  std::string got;
  const auto deadline = Clock::now() + std::chrono::seconds(3);
  while (Clock::now() < deadline) {
    pollfd p{fd2, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    ssize_t n = ::recv(fd2, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  ::close(fd2);
  size_t responses = 0;
  for (size_t at = 0; (at = got.find("HTTP/1.1 200", at)) != std::string::npos; ++at) ++responses;
  EXPECT_EQ(responses, 3u) << got;
  EXPECT_NE(got.rfind("Connection: close"), std::string::npos);
}

TEST_F(OriginServer, MetricsCountWhatWasServed) {
  start();
  auto c = client();
  ASSERT_TRUE(c.Get("/nope-1.m4s"));
  ASSERT_TRUE(c.Get("/nope-2.m4s"));
  ASSERT_TRUE(c.Get("/show/v0/seg-1.m4s"));
  auto m = c.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_NE(m->body.find("dash_origin_requests_total{status=\"404\"} 2"), std::string::npos) << m->body;
  // At least the segment's bytes were counted.
  const size_t at = m->body.find("\ndash_origin_bytes_sent_total ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_GE(std::stoull(m->body.substr(at + 30)), kSegmentBytes);
  // Histogram buckets are cumulative: +Inf equals the count.
  const std::string inf_key = "\ndash_origin_request_duration_seconds_bucket{le=\"+Inf\"} ";
  const std::string count_key = "\ndash_origin_request_duration_seconds_count ";
  const size_t inf = m->body.find(inf_key), count = m->body.find(count_key);
  ASSERT_NE(inf, std::string::npos);
  ASSERT_NE(count, std::string::npos);
  EXPECT_EQ(std::stoull(m->body.substr(inf + inf_key.size())), std::stoull(m->body.substr(count + count_key.size())));
}

TEST_F(OriginServer, ListingEscapesNamesAndRedirectsToTheSlash) {
  write("sub/<b>&.m4s", "x");
  start({"--listing"});
  auto c = client();
  auto redirect = c.Get("/sub");
  ASSERT_TRUE(redirect);
  EXPECT_EQ(redirect->status, 301);
  EXPECT_EQ(redirect->get_header_value("Location"), "/sub/");
  auto listing = c.Get("/sub/");
  ASSERT_TRUE(listing);
  EXPECT_EQ(listing->status, 200);
  EXPECT_EQ(listing->body.find("<b>"), std::string::npos);
  EXPECT_NE(listing->body.find("&lt;b&gt;&amp;.m4s"), std::string::npos) << listing->body;
}

TEST_F(OriginServer, FaultsSpareManifestsAndMetadataAndCarryRetryAfter) {
  write("show/segments.json", "{}");
  start({"--fail-rate", "1", "--access-log", "off"});
  auto c = client();
  for (const char* path : {"/show/manifest.mpd", "/show/segments.json", "/secret.txt"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path;
  }
  auto failed = c.Get("/show/v0/seg-1.m4s");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 503);
  EXPECT_FALSE(failed->get_header_value("Retry-After").empty());
  EXPECT_EQ(failed->get_header_value("Access-Control-Allow-Origin"), "*");
  EXPECT_NE(failed->get_header_value("Cache-Control").find("no-store"), std::string::npos);
}

// Body sizes seen for a fixed request sequence under --drop-rate.
std::vector<size_t> dropped_sizes(OriginServer& t, httplib::Client& c) {
  std::vector<size_t> sizes;
  for (int i = 0; i < 24; ++i) {
    std::string body;
    c.Get("/show/v0/seg-" + std::to_string(1 + i % 2) + ".m4s", [&](const char* d, size_t n) {
      body.append(d, n);
      return true;
    });
    sizes.push_back(body.size());
  }
  (void)t;
  return sizes;
}

TEST_F(OriginServer, DropsAreReproducibleForASeed) {
  start({"--drop-rate", "0.4", "--seed", "5", "--access-log", "off"});
  auto c1 = client();
  const auto run1 = dropped_sizes(*this, c1);
  server_->stop();
  start({"--drop-rate", "0.4", "--seed", "5", "--access-log", "off"});
  auto c2 = client();
  EXPECT_EQ(dropped_sizes(*this, c2), run1);
  const auto cut = std::count_if(run1.begin(), run1.end(), [](size_t s) { return s < kSegmentBytes; });
  EXPECT_GT(cut, 2);
  EXPECT_LT(cut, 20);
}

// Statuses of `n` segment requests in a row.
std::vector<int> statuses(httplib::Client& c, int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i) {
    auto r = c.Get("/show/v0/seg-" + std::to_string(1 + i % 2) + ".m4s");
    out.push_back(r ? r->status : -1);
  }
  return out;
}

TEST_F(OriginServer, FaultsAreReproducibleForASeed) {
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

TEST_F(OriginServer, DropsCutTheBody) {
  start({"--drop-rate", "1", "--access-log", "off"});
  auto c = client();
  auto dropped = c.Get("/show/v0/seg-1.m4s");
  EXPECT_TRUE(!dropped || dropped->body.size() < kSegmentBytes);
}

TEST_F(OriginServer, CmcdIsLoggedAndCountedAndNeverFailsARequest) {
  start();
  auto c = client();
  // Query form (percent-encoded), as dash.js sends it by default.
  auto q = c.Get("/show/v0/seg-1.m4s?CMCD=bl%3D1500%2Cbr%3D3200%2Cmtp%3D8000%2Cot%3Dv%2Csid%3D%22p1%22%2Csu");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->status, 200);
  // Header form.
  auto h = c.Get("/show/v0/seg-2.m4s", {{"CMCD-Object", "br=3200,ot=v"},
                                         {"CMCD-Request", "bl=21300, mtp=48100"},
                                         {"CMCD-Session", "sid=\"p1\",sf=d"}});
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  // A payload that does not parse is logged as such; the file is served.
  auto bad = c.Get("/show/manifest.mpd", {{"CMCD-Request", "bl=soon"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 200);
  // The preflight of a page sending CMCD headers allows them.
  auto preflight = c.Options("/show/v0/seg-1.m4s");
  ASSERT_TRUE(preflight);
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Headers").find("CMCD-Request"), std::string::npos);

  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  for (const char* line : {"dash_origin_cmcd_requests_total{startup=\"true\"} 1",
                           "dash_origin_cmcd_requests_total{startup=\"false\"} 1",
                           "dash_origin_cmcd_startup_share 0.5", "dash_origin_cmcd_invalid_total 1",
                           "dash_origin_cmcd_buffer_length_seconds_count 2",
                           "dash_origin_cmcd_buffer_length_seconds_bucket{le=\"2\"} 1",
                           "dash_origin_cmcd_measured_throughput_bits_per_second_count 2"})
    EXPECT_NE(metrics->body.find(std::string("\n") + line + "\n"), std::string::npos) << line << "\n" << metrics->body;
  const std::string log = access_log();
  EXPECT_NE(log.find(" 200 200000 "), std::string::npos) << log;
  EXPECT_NE(log.find(" cmcd=bl=1500,br=3200,mtp=8000,ot=v,sid=\"p1\",su\n"), std::string::npos) << log;
  EXPECT_NE(log.find(" cmcd=bl=21300,br=3200,mtp=48100,ot=v,sf=d,sid=\"p1\"\n"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /show/manifest.mpd range=- 200 "), std::string::npos) << log;
  EXPECT_NE(log.find(" cmcd=invalid\n"), std::string::npos) << log;
}

}  // namespace
}  // namespace origin_test
