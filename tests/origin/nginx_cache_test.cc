// nginx (proxy_cache, slice) in front of dash-origin, with the shipped
// configuration (origin/nginx/dash-cache.conf.in via scripts/nginx-edge.sh):
// the second fetch of every object is a cache HIT and the origin saw one
// request per object, byte ranges included; byte ranges of an on-demand file
// larger than a slice cost the origin one request per slice, ever; validators
// and CORS pass through; conditional requests are answered by the edge; with
// two origins in the upstream, the edge keeps serving when one of them is gone.

#include <map>
#include <sstream>

#include "origin_fixture.h"
#include "support/net.h"

namespace origin_test {
namespace {

using testing_support::free_port;

constexpr size_t kBigBytes = 3'500'000;  // four 1 MiB slices

// Requests per (path, range) in an origin access log.
std::map<std::string, int> requests_by_path(const std::string& log_text) {
  std::map<std::string, int> n;
  std::istringstream log(log_text);
  std::string line;
  while (std::getline(log, line)) {
    std::istringstream fields(line);
    std::string time, client, method, path, range;
    fields >> time >> client >> method >> path >> range;
    ++n[path];
    ++n[path + " " + range];
  }
  return n;
}

class NginxEdge : public OriginFixture {
 protected:
  // Starts nginx in front of `origins` ("127.0.0.1:PORT" each); false on failure.
  bool start_edge(const std::vector<std::string>& origins) {
    const std::string prefix = (dir_->path() / "edge").string();
    edge_port_ = free_port();
    std::string args = " " + prefix + " 127.0.0.1:" + std::to_string(edge_port_) + " 1";
    for (const auto& o : origins) args += " " + o;
    auto conf = testing_support::run_command(std::string(DS_SOURCE_DIR) + "/scripts/nginx-edge.sh" + args);
    EXPECT_EQ(conf.exit_code, 0) << conf.output;
    if (conf.exit_code != 0) return false;
    nginx_ = std::make_unique<testing_support::ServerProcess>(
        std::vector<std::string>{"nginx", "-p", prefix, "-c", prefix + "/nginx.conf", "-g", "daemon off;"},
        dir_->path().string(), "nginx");
    const bool up = nginx_->wait_for_port(edge_port_);
    EXPECT_TRUE(up) << nginx_->stderr_text();
    return up;
  }

  httplib::Client edge() const {
    httplib::Client c("http://127.0.0.1:" + std::to_string(edge_port_));
    c.set_read_timeout(10, 0);
    return c;
  }

  void TearDown() override {
    if (nginx_) nginx_->stop();
  }

  int edge_port_ = -1;
  std::unique_ptr<testing_support::ServerProcess> nginx_;
};

TEST_F(NginxEdge, SecondFetchIsAHitAndTheOriginSeesEachObjectOnce) {
  start();
  ASSERT_TRUE(start_edge({"127.0.0.1:" + std::to_string(port_)}));
  auto c = edge();
  struct Fetch {
    std::string path;
    std::string range;
  } fetches[] = {{"/show/manifest.mpd", ""}, {"/show/v0/seg-1.m4s", ""}, {"/show/v0/seg-2.m4s", "bytes=1000-1999"}};
  for (const auto& f : fetches) {
    httplib::Headers h;
    if (!f.range.empty()) h.emplace("Range", f.range);
    auto first = c.Get(f.path, h);
    auto second = c.Get(f.path, h);
    ASSERT_TRUE(first && second) << f.path;
    EXPECT_EQ(first->get_header_value("X-Cache-Status"), "MISS") << f.path;
    EXPECT_EQ(second->get_header_value("X-Cache-Status"), "HIT") << f.path;
    EXPECT_EQ(first->body, second->body);
    if (!f.range.empty()) {
      EXPECT_EQ(second->status, 206);
      EXPECT_EQ(second->body.size(), 1000u);
    } else {
      EXPECT_EQ(second->status, 200);
    }
  }
  auto seg = c.Get("/show/v0/seg-1.m4s");
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->body, segment_);
  // Another range of an object already cached is served from the cache too.
  auto range = c.Get("/show/v0/seg-1.m4s", {{"Range", "bytes=10-19"}});
  ASSERT_TRUE(range);
  EXPECT_EQ(range->body, segment_.substr(10, 10));
  EXPECT_EQ(range->get_header_value("X-Cache-Status"), "HIT");

  // The origin's access log: one request per object.
  const auto per_path = requests_by_path(access_log());
  EXPECT_EQ(per_path.at("/show/manifest.mpd"), 1);
  EXPECT_EQ(per_path.at("/show/v0/seg-1.m4s"), 1);
  EXPECT_EQ(per_path.at("/show/v0/seg-2.m4s"), 1);
}

TEST_F(NginxEdge, RangesOfABigFileCostOneOriginRequestPerSlice) {
  const std::string big = random_bytes(kBigBytes, 31);
  write("show/ondemand.mp4", big);
  start();
  ASSERT_TRUE(start_edge({"127.0.0.1:" + std::to_string(port_)}));
  auto c = edge();
  // A range across slices 0 and 1, twice; then other ranges inside them.
  for (int round = 0; round < 2; ++round) {
    auto r = c.Get("/show/ondemand.mp4", {{"Range", "bytes=1000000-1100000"}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 206);
    EXPECT_EQ(r->body, big.substr(1'000'000, 100'001));
    EXPECT_EQ(r->get_header_value("Content-Range"), "bytes 1000000-1100000/" + std::to_string(kBigBytes));
  }
  auto inside = c.Get("/show/ondemand.mp4", {{"Range", "bytes=5-1048580"}});
  ASSERT_TRUE(inside);
  EXPECT_EQ(inside->body, big.substr(5, 1'048'576));
  // The whole file: slices 2 and 3 are fetched once, 0 and 1 come from the cache.
  auto whole = c.Get("/show/ondemand.mp4");
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->status, 200);
  EXPECT_EQ(whole->body, big);
  auto again = c.Get("/show/ondemand.mp4");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->get_header_value("X-Cache-Status"), "HIT");
  const auto n = requests_by_path(access_log());
  EXPECT_EQ(n.at("/show/ondemand.mp4"), 4) << access_log();
  for (const char* slice : {"range=bytes=0-1048575", "range=bytes=1048576-2097151", "range=bytes=2097152-3145727",
                            "range=bytes=3145728-4194303"})
    EXPECT_EQ(n.count(std::string("/show/ondemand.mp4 ") + slice) ? n.at(std::string("/show/ondemand.mp4 ") + slice) : 0,
              1)
        << slice << "\n" << access_log();
}

TEST_F(NginxEdge, ValidatorsAndCorsPassThroughAndConditionalsAreAnsweredAtTheEdge) {
  start();
  ASSERT_TRUE(start_edge({"127.0.0.1:" + std::to_string(port_)}));
  auto direct = client().Get("/show/v0/seg-1.m4s");
  ASSERT_TRUE(direct);
  auto c = edge();
  auto first = c.Get("/show/v0/seg-1.m4s");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->body, segment_);
  EXPECT_EQ(first->get_header_value("ETag"), direct->get_header_value("ETag"));
  EXPECT_EQ(first->get_header_value("Last-Modified"), direct->get_header_value("Last-Modified"));
  EXPECT_EQ(first->get_header_value("Cache-Control"), direct->get_header_value("Cache-Control"));
  EXPECT_EQ(first->get_header_value("Access-Control-Allow-Origin"), "*");
  auto not_modified = c.Get("/show/v0/seg-1.m4s", {{"If-None-Match", direct->get_header_value("ETag")}});
  ASSERT_TRUE(not_modified);
  EXPECT_EQ(not_modified->status, 304);
  auto head = c.Head("/show/v0/seg-2.m4s");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(kSegmentBytes));
  // The origin saw seg-1 once (the direct fetch aside) and no conditional request.
  const auto n = requests_by_path(access_log());
  EXPECT_EQ(n.at("/show/v0/seg-1.m4s"), 2) << access_log();
}

TEST_F(NginxEdge, EdgeKeepsServingWhenOneOfTwoOriginsIsGone) {
  start();
  const int alive = port_;
  const int dead = free_port();  // nobody listens there
  ASSERT_TRUE(start_edge({"127.0.0.1:" + std::to_string(dead), "127.0.0.1:" + std::to_string(alive)}));
  auto c = edge();
  for (const char* path : {"/show/manifest.mpd", "/show/v0/seg-1.m4s", "/show/v0/seg-2.m4s", "/secret.txt"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
  }
}

}  // namespace
}  // namespace origin_test
