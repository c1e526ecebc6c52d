// nginx (proxy_cache, slice) in front of dash-origin, with the shipped
// configuration: the second fetch of every object is a cache HIT and the
// origin saw one request per object, byte ranges included.

#include <map>
#include <sstream>

#include "origin_fixture.h"
#include "support/net.h"

namespace origin_test {
namespace {

using testing_support::free_port;

class NginxEdge : public OriginFixture {};

TEST_F(NginxEdge, SecondFetchIsAHitAndTheOriginSeesEachObjectOnce) {
  start();
  const std::string prefix = (dir_->path() / "edge").string();
  const int edge_port = free_port();
  auto conf = testing_support::run_command(
      testing_support::shell_quote((testing_support::binary_dir().parent_path() / "scripts/nginx-edge.sh").string()) +
      " " + prefix + " 127.0.0.1:" + std::to_string(edge_port) + " 1 127.0.0.1:" + std::to_string(port_));
  if (conf.exit_code != 0) {
    // The build tree may not sit in the source tree: use the source path.
    conf = testing_support::run_command(std::string(DS_SOURCE_DIR) + "/scripts/nginx-edge.sh " + prefix +
                                        " 127.0.0.1:" + std::to_string(edge_port) + " 1 127.0.0.1:" +
                                        std::to_string(port_));
  }
  ASSERT_EQ(conf.exit_code, 0) << conf.output;
  testing_support::ServerProcess nginx({"nginx", "-p", prefix, "-c", prefix + "/nginx.conf", "-g", "daemon off;"},
                                       dir_->path().string(), "nginx");
  ASSERT_TRUE(nginx.wait_for_port(edge_port)) << nginx.stderr_text();

  httplib::Client edge("http://127.0.0.1:" + std::to_string(edge_port));
  struct Fetch {
    std::string path;
    std::string range;
  } fetches[] = {{"/show/manifest.mpd", ""}, {"/show/v0/seg-1.m4s", ""}, {"/show/v0/seg-2.m4s", "bytes=1000-1999"}};
  for (const auto& f : fetches) {
    httplib::Headers h;
    if (!f.range.empty()) h.emplace("Range", f.range);
    auto first = edge.Get(f.path, h);
    auto second = edge.Get(f.path, h);
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
  auto seg = edge.Get("/show/v0/seg-1.m4s");
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->body, segment_);
  // Another range of an object already cached is served from the cache too.
  auto range = edge.Get("/show/v0/seg-1.m4s", {{"Range", "bytes=10-19"}});
  ASSERT_TRUE(range);
  EXPECT_EQ(range->body, segment_.substr(10, 10));
  EXPECT_EQ(range->get_header_value("X-Cache-Status"), "HIT");

  // The origin's access log: one request per object.
  std::map<std::string, int> per_path;
  std::istringstream log(access_log());
  std::string line;
  while (std::getline(log, line)) {
    std::istringstream fields(line);
    std::string time, client, method, path;
    fields >> time >> client >> method >> path;
    ++per_path[path];
  }
  EXPECT_EQ(per_path["/show/manifest.mpd"], 1);
  EXPECT_EQ(per_path["/show/v0/seg-1.m4s"], 1);
  EXPECT_EQ(per_path["/show/v0/seg-2.m4s"], 1);
  nginx.stop();
}

}  // namespace
}  // namespace origin_test
