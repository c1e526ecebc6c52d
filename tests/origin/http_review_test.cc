// Review tests of the real dash-origin over HTTP: more malformed requests,
// content coding, the cache's revalidation, the uncached read path, limits
// per connection, CORS on errors, faults, listings and odd files.
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <poll.h>

#include <thread>

#include "origin_fixture.h"
#include "support/raw_http.h"

namespace origin_test {
namespace {

using testing_support::raw_exchange;
using testing_support::status_of;
using Clock = std::chrono::steady_clock;

constexpr auto kRevalidateWait = std::chrono::milliseconds(1300);  // the cache re-stats files after 1 s

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

class HttpReview : public OriginFixture {
 protected:
  void expect_still_serving() {
    auto ok = client().Get("/show/manifest.mpd");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
  }
};

TEST_F(HttpReview, MoreMalformedRequestsGet4xx) {
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

TEST_F(HttpReview, ManyHeadersAreRefusedOrBounded) {
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

TEST_F(HttpReview, ConflictingOrBadBodyFramingIsRefused) {
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

TEST_F(HttpReview, Http10AndConnectionClose) {
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

TEST_F(HttpReview, FilesAreNeverContentCoded) {
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

TEST_F(HttpReview, ContentIndexHtmlWinsOverTheGeneratedIndex) {
  write("index.html", "<html>our own index</html>");
  start();
  auto r = client().Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "<html>our own index</html>");
}

TEST_F(HttpReview, ReplacedAndDeletedFilesAreNoticed) {
  write("show/v0/live.m4s", "version one");
  start();
  auto c = client();
  auto one = c.Get("/show/v0/live.m4s");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->body, "version one");
  // Replaced the way packagers do it: a new file renamed into place.
  write("show/v0/live.m4s.tmp", "version two, longer");
  std::filesystem::rename(root_ / "show/v0/live.m4s.tmp", root_ / "show/v0/live.m4s");
  std::this_thread::sleep_for(kRevalidateWait);
  auto two = c.Get("/show/v0/live.m4s");
  ASSERT_TRUE(two);
  EXPECT_EQ(two->body, "version two, longer");
  EXPECT_NE(two->get_header_value("ETag"), one->get_header_value("ETag"));
  // The old validator no longer matches.
  auto stale = c.Get("/show/v0/live.m4s", {{"If-None-Match", one->get_header_value("ETag")}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 200);
  std::filesystem::remove(root_ / "show/v0/live.m4s");
  std::this_thread::sleep_for(kRevalidateWait);
  auto gone = c.Get("/show/v0/live.m4s");
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
}

TEST_F(HttpReview, UncachedFilesServeRangesAndHeadCorrectly) {
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

TEST_F(HttpReview, ParallelRangesOfOneFileAreExact) {
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

TEST_F(HttpReview, EmptyFilesAndEncodedNames) {
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

TEST_F(HttpReview, FifoAndOtherSpecialFilesAreNotServed) {
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

TEST_F(HttpReview, ErrorsCarryCors) {
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

TEST_F(HttpReview, IdleKeepAliveConnectionsAreClosedAfterTheTimeout) {
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

TEST_F(HttpReview, RequestsPerConnectionAreBounded) {
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

TEST_F(HttpReview, MetricsCountWhatWasServed) {
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

TEST_F(HttpReview, ListingEscapesNamesAndRedirectsToTheSlash) {
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

TEST_F(HttpReview, FaultsSpareManifestsAndMetadataAndCarryRetryAfter) {
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
std::vector<size_t> dropped_sizes(HttpReview& t, httplib::Client& c) {
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

TEST_F(HttpReview, DropsAreReproducibleForASeed) {
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

}  // namespace
}  // namespace origin_test
