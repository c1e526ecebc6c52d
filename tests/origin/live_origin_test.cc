// dash-origin serving a live presentation while a writer produces it the way
// dash-package does (segments grow as .part and are renamed): a growing
// segment arrives whole with chunked transfer, its first bytes before it is
// complete; a request for the next segment waits for it; later ones get 404
// with no-store; an abandoned segment cuts the response; the time endpoint
// and the dynamic MPD's caching.
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "media/mpd/date_time.h"
#include "origin_fixture.h"
#include "support/raw_http.h"

namespace origin_test {
namespace {

using namespace std::chrono_literals;

class LiveOrigin : public OriginFixture {
 protected:
  void SetUp() override {
    OriginFixture::SetUp();
    std::filesystem::create_directories(root_ / "live");
  }
  void append(const std::string& rel, const std::string& bytes) {
    std::ofstream(root_ / rel, std::ios::binary | std::ios::app) << bytes;
  }
};

TEST_F(LiveOrigin, AGrowingSegmentStreamsWithChunkedTransferUntilComplete) {
  const std::string chunk1 = random_bytes(30'000, 11), chunk2 = random_bytes(40'000, 12), chunk3 = random_bytes(5, 13);
  append("live/v0-1.m4s", "previous");
  append("live/v0-2.m4s.part", chunk1);
  start();
  std::string received;
  std::optional<std::chrono::steady_clock::time_point> first_bytes_at;
  std::chrono::steady_clock::time_point completed_at;
  std::thread writer([&] {
    std::this_thread::sleep_for(300ms);
    append("live/v0-2.m4s.part", chunk2);
    std::this_thread::sleep_for(300ms);
    append("live/v0-2.m4s.part", chunk3);
    completed_at = std::chrono::steady_clock::now();
    std::filesystem::rename(root_ / "live/v0-2.m4s.part", root_ / "live/v0-2.m4s");
  });
  auto c = client();
  httplib::Headers seen;
  auto res = c.Get("/live/v0-2.m4s", [&](const httplib::Response& r) {
    seen = r.headers;
    return true;
  }, [&](const char* data, size_t n) {
    if (!first_bytes_at) first_bytes_at = std::chrono::steady_clock::now();
    received.append(data, n);
    return true;
  });
  writer.join();
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_EQ(res->get_header_value("X-Accel-Buffering"), "no");
  EXPECT_EQ(received, chunk1 + chunk2 + chunk3);
  ASSERT_TRUE(first_bytes_at);
  EXPECT_LT(*first_bytes_at, completed_at) << "bytes must flow while the segment grows";
  // Complete now: an ordinary, cacheable file.
  auto again = c.Get("/live/v0-2.m4s");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, received);
  EXPECT_NE(again->get_header_value("Cache-Control").find("immutable"), std::string::npos);
  EXPECT_FALSE(again->get_header_value("ETag").empty());
}

TEST_F(LiveOrigin, TheNextSegmentIsWaitedForLaterOnesAre404NoStore) {
  append("live/v0-5.m4s.part", "growing");
  start({"--live-wait", "3"});
  std::thread writer([&] {
    std::this_thread::sleep_for(400ms);
    append("live/v0-6.m4s.part", "next");
    std::filesystem::rename(root_ / "live/v0-6.m4s.part", root_ / "live/v0-6.m4s");
  });
  auto c = client();
  const auto t0 = std::chrono::steady_clock::now();
  auto next = c.Get("/live/v0-6.m4s");
  const auto waited = std::chrono::steady_clock::now() - t0;
  writer.join();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, "next");
  EXPECT_GE(waited, 300ms);
  auto later = c.Get("/live/v0-9.m4s");  // no predecessor: at once
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 404);
  EXPECT_EQ(later->get_header_value("Cache-Control"), "no-store");
  // Past the end of a VOD (its last segment written long ago): at once too.
  std::filesystem::last_write_time(root_ / "show/v0/seg-2.m4s", std::filesystem::file_time_type::clock::now() - std::chrono::hours(1));
  const auto t1 = std::chrono::steady_clock::now();
  auto past_end = c.Get("/show/v0/seg-3.m4s");
  ASSERT_TRUE(past_end);
  EXPECT_EQ(past_end->status, 404);
  EXPECT_LT(std::chrono::steady_clock::now() - t1, 1s);
}

TEST_F(LiveOrigin, AnAbandonedSegmentCutsTheResponse) {
  append("live/v0-2.m4s.part", random_bytes(10'000, 3));
  start();
  std::thread writer([&] {
    std::this_thread::sleep_for(300ms);
    std::filesystem::remove(root_ / "live/v0-2.m4s.part");  // the packager failed mid-segment
  });
  // Raw HTTP: the response must not end with the terminating zero-length chunk.
  const std::string response =
      testing_support::raw_exchange(port(), "GET /live/v0-2.m4s HTTP/1.1\r\nHost: x\r\n\r\n", 5s);
  writer.join();
  EXPECT_EQ(testing_support::status_of(response), 200);
  EXPECT_EQ(response.find("\r\n0\r\n\r\n"), std::string::npos) << "a cut body must not look complete";
}

TEST_F(LiveOrigin, TimeEndpointAndDynamicMpdCaching) {
  write("live/manifest.mpd",
        R"(<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic" minimumUpdatePeriod="PT4S" )"
        R"(availabilityStartTime="2024-05-01T10:00:00Z" profiles="p" minBufferTime="PT2S"><Period/></MPD>)");
  start();
  auto c = client();
  auto time = c.Get("/_time");
  ASSERT_TRUE(time);
  EXPECT_EQ(time->status, 200);
  EXPECT_EQ(time->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(time->get_header_value("Access-Control-Allow-Origin"), "*");
  auto t = media::parse_xs_datetime(time->body);
  ASSERT_TRUE(t) << time->body;
  EXPECT_NEAR(*t, double(std::time(nullptr)), 2);
  auto mpd = c.Get("/live/manifest.mpd");
  ASSERT_TRUE(mpd);
  EXPECT_EQ(mpd->get_header_value("Cache-Control"), "public, max-age=2");
  // Rewritten (as the packager does, by rename): served at once, not from a stale cache.
  const std::string updated = R"(<?xml version="1.0"?><MPD type="static" profiles="p" minBufferTime="PT2S"><Period/></MPD>)";
  write("live/manifest.mpd.tmp", updated);
  std::filesystem::rename(root_ / "live/manifest.mpd.tmp", root_ / "live/manifest.mpd");
  auto after = c.Get("/live/manifest.mpd");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->body, updated);
  EXPECT_EQ(after->get_header_value("Cache-Control"), "public, max-age=10");
}

}  // namespace
}  // namespace origin_test
