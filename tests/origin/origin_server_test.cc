// The real dash-origin on loopback: headers, ranges, conditional requests,
// CORS, methods, path safety and malformed requests.
#include <signal.h>
#include <unistd.h>

#include <thread>

#include "origin_fixture.h"
#include "support/raw_http.h"

namespace origin_test {
namespace {

using testing_support::raw_exchange;
using testing_support::status_of;

class OriginServer : public OriginFixture {};

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

}  // namespace
}  // namespace origin_test
