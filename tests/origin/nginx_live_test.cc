// nginx with the shipped edge configuration in front of dash-origin, for a
// live presentation written the way dash-package writes it: a growing
// segment streams through the edge while it grows and arrives whole; once
// complete it is cached; a dynamic MPD is refreshed within its max-age; a
// 404 for a segment not there yet is not cached; the time endpoint is not
// cached either.
#include <chrono>
#include <thread>

#include "origin_fixture.h"
#include "support/net.h"

namespace origin_test {
namespace {

using namespace std::chrono_literals;

class NginxLive : public OriginFixture {
 protected:
  void append(const std::string& rel, const std::string& bytes) {
    std::ofstream(root_ / rel, std::ios::binary | std::ios::app) << bytes;
  }
  void replace(const std::string& rel, const std::string& bytes) {
    write(rel + ".tmp", bytes);
    std::filesystem::rename(root_ / (rel + ".tmp"), root_ / rel);
  }
  // Starts nginx from origin/nginx/dash-cache.conf.in in front of the origin.
  std::unique_ptr<testing_support::ServerProcess> start_edge() {
    const std::string prefix = (dir_->path() / "edge").string();
    edge_port_ = testing_support::free_port();
    auto conf = testing_support::run_command(std::string(DS_SOURCE_DIR) + "/scripts/nginx-edge.sh " + prefix +
                                             " 127.0.0.1:" + std::to_string(edge_port_) + " 1 127.0.0.1:" +
                                             std::to_string(port_));
    EXPECT_EQ(conf.exit_code, 0) << conf.output;
    auto nginx = std::make_unique<testing_support::ServerProcess>(
        std::vector<std::string>{"nginx", "-p", prefix, "-c", prefix + "/nginx.conf", "-g", "daemon off;"},
        dir_->path().string(), "nginx");
    EXPECT_TRUE(nginx->wait_for_port(edge_port_)) << nginx->stderr_text();
    return nginx;
  }
  httplib::Client edge() const {
    httplib::Client c("http://127.0.0.1:" + std::to_string(edge_port_));
    c.set_read_timeout(10, 0);
    return c;
  }
  int edge_port_ = 0;
};

const char* kDynamicMpd =
    R"(<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic" minimumUpdatePeriod="PT2S" )"
    R"(availabilityStartTime="2024-05-01T10:00:00Z" profiles="p" minBufferTime="PT2S"><Period id="%s"/></MPD>)";

std::string mpd_with_period(const std::string& id) {
  char buf[512];
  std::snprintf(buf, sizeof buf, kDynamicMpd, id.c_str());
  return buf;
}

TEST_F(NginxLive, AGrowingSegmentStreamsThroughTheEdgeAndIsCachedOnceComplete) {
  std::filesystem::create_directories(root_ / "live");
  const std::string part1 = random_bytes(50'000, 21), part2 = random_bytes(60'000, 22);
  append("live/v0-1.m4s", "previous");
  append("live/v0-2.m4s.part", part1);
  start();
  auto nginx = start_edge();
  std::chrono::steady_clock::time_point completed_at;
  std::thread writer([&] {
    std::this_thread::sleep_for(600ms);
    append("live/v0-2.m4s.part", part2);
    completed_at = std::chrono::steady_clock::now();
    std::filesystem::rename(root_ / "live/v0-2.m4s.part", root_ / "live/v0-2.m4s");
  });
  std::string body;
  std::optional<std::chrono::steady_clock::time_point> first_bytes_at;
  auto c = edge();
  auto res = c.Get("/live/v0-2.m4s", [&](const char* data, size_t n) {
    if (!first_bytes_at) first_bytes_at = std::chrono::steady_clock::now();
    body.append(data, n);
    return true;
  });
  writer.join();
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(body, part1 + part2);
  ASSERT_TRUE(first_bytes_at);
  EXPECT_LT(*first_bytes_at, completed_at) << "the edge must not hold a growing segment back";
  // Complete now: the next fetches fill the cache, then hit it.
  auto fill = c.Get("/live/v0-2.m4s");
  auto hit = c.Get("/live/v0-2.m4s");
  ASSERT_TRUE(fill && hit);
  EXPECT_EQ(hit->body, body);
  EXPECT_EQ(hit->get_header_value("X-Cache-Status"), "HIT");
}

TEST_F(NginxLive, MpdAndTimeStayFreshAndA404IsNotCached) {
  std::filesystem::create_directories(root_ / "live");
  write("live/manifest.mpd", mpd_with_period("p0"));
  start();
  auto nginx = start_edge();
  auto c = edge();
  auto first = c.Get("/live/manifest.mpd");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->get_header_value("Cache-Control"), "public, max-age=1");
  replace("live/manifest.mpd", mpd_with_period("p1"));
  // nginx counts whole seconds: max-age=1 keeps an entry into the next second.
  std::this_thread::sleep_for(2200ms);
  auto later = c.Get("/live/manifest.mpd");
  ASSERT_TRUE(later);
  EXPECT_NE(later->body.find("\"p1\""), std::string::npos) << later->body;

  auto t1 = c.Get("/_time");
  std::this_thread::sleep_for(50ms);
  auto t2 = c.Get("/_time");
  ASSERT_TRUE(t1 && t2);
  EXPECT_EQ(t1->status, 200);
  EXPECT_NE(t1->body, t2->body) << "the time endpoint must not come from a cache";

  auto missing = c.Get("/live/v0-7.m4s");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  write("live/v0-7.m4s", "now here");
  auto present = c.Get("/live/v0-7.m4s");
  ASSERT_TRUE(present);
  EXPECT_EQ(present->status, 200) << "a 404 for a future segment must not be cached";
  EXPECT_EQ(present->body, "now here");
}

}  // namespace
}  // namespace origin_test
