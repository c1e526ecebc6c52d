// UTCTiming: which sources the player uses, and the offset it finds through
// the session's own network (a VirtualNetwork in virtual time here).
#include "player/net/clock_sync.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <ctime>
#include <memory>
#include <optional>

#include "media/clock.h"
#include "media/mpd/date_time.h"
#include "player/net/virtual_network.h"
#include "player/session/event_loop.h"

namespace player {
namespace {

constexpr double kServerEpochUnixS = 1'700'000'000;
constexpr double kLocalErrorS = -42;  // the local wall clock is this far off
constexpr double kLatencyMs = 20;     // per request

media::Descriptor utc(const char* scheme, const char* value) { return {scheme, std::string(value), {}, {}, {}, {}}; }

TEST(UtcSources, KeepTheMpdsOrderResolveUrlsAndDropUnknownSchemes) {
  const std::vector<media::Descriptor> timing = {
      utc("urn:mpeg:dash:utc:ntp:2014", "pool.ntp.org"),
      utc("urn:mpeg:dash:utc:http-xsdate:2014", "/_time http://b.test/time"),
      utc("urn:mpeg:dash:utc:http-head:2014", "http://c.test/"),
      utc("urn:mpeg:dash:utc:direct:2014", "2024-05-01T10:00:00Z"),
      utc("urn:mpeg:dash:utc:http-iso:2014", "iso")};
  const auto sources = utc_sources(timing, "http://a.test/live/manifest.mpd");
  const std::vector<UtcSource> expected = {{UtcScheme::kHttpXsdate, "http://a.test/_time"},
                                           {UtcScheme::kHttpXsdate, "http://b.test/time"},
                                           {UtcScheme::kHttpHead, "http://c.test/"},
                                           {UtcScheme::kDirect, "2024-05-01T10:00:00Z"},
                                           {UtcScheme::kHttpIso, "http://a.test/live/iso"}};
  EXPECT_EQ(sources, expected);
}

// An HTTP Date header for Unix time `t` (whole seconds, as servers send it).
std::string http_date(double t) {
  const std::time_t whole = static_cast<std::time_t>(std::floor(t));
  std::tm tm{};
  gmtime_r(&whole, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

// Answers "/time" with the server's clock in the body, a HEAD of "/" with it
// in the Date header; everything else 404.
class TimeServer final : public ContentSource {
 public:
  explicit TimeServer(const media::Clock& clock) : clock_(clock) {}
  VirtualResponse respond(const FetchRequest& request) override {
    VirtualResponse r;
    if (request.url == "http://t.test/" && request.head) {
      r.date_header = http_date(kServerEpochUnixS + clock_.now_s());
      return r;
    }
    if (request.url != "http://t.test/time") {
      r.status = 404;
      return r;
    }
    auto body = std::make_shared<const std::string>(media::format_xs_datetime(kServerEpochUnixS + clock_.now_s()));
    r.size_bytes = body->size();
    r.body = body;
    return r;
  }

 private:
  const media::Clock& clock_;
};

struct SyncRun {
  media::ManualClock clock;
  EventLoop loop{clock};
  TimeServer server{clock};
  static constexpr std::array<media::TracePeriod, 1> kTrace{{{1000, 10e6, kLatencyMs}}};
  VirtualNetwork network{loop, kTrace, server};
  std::unique_ptr<Transport> channel = network.make_channel();
  std::optional<ClockSync::Outcome> outcome;

  void run(std::vector<UtcSource> sources) {
    ClockSync sync(*channel, [this] { return kServerEpochUnixS + kLocalErrorS + clock.now_s(); });
    sync.start(std::move(sources), [this](const ClockSync::Outcome& o) { outcome = o; });
    loop.run();
  }
};

TEST(ClockSync, FindsTheOffsetFromTheFirstSourceThatAnswers) {
  SyncRun r;
  r.run({{UtcScheme::kHttpXsdate, "http://t.test/missing"}, {UtcScheme::kHttpIso, "http://t.test/time"}});
  ASSERT_TRUE(r.outcome);
  ASSERT_TRUE(r.outcome->offset_s) << r.outcome->error;
  // Exact to half a round trip (the server's time is read when the request arrives).
  EXPECT_NEAR(*r.outcome->offset_s, -kLocalErrorS, kLatencyMs / 1000);
  EXPECT_EQ(r.outcome->source, "http-iso http://t.test/time");
}

TEST(HttpDate, ReadsTheImfFixdateFormOnly) {
  EXPECT_EQ(parse_http_date("Sun, 06 Dec 2026 19:44:46 GMT"), media::parse_xs_datetime("2026-12-06T19:44:46Z"));
  EXPECT_EQ(parse_http_date("Tue, 29 Feb 2000 00:00:00 GMT"), media::parse_xs_datetime("2000-02-29T00:00:00Z"));
  EXPECT_EQ(parse_http_date(http_date(kServerEpochUnixS)), kServerEpochUnixS);
  for (const char* bad : {"", "Sunday, 06-Dec-26 19:44:46 GMT", "Sun Dec  6 19:44:46 2026", "Sun, 06 Dec 2026 19:44:46 UTC",
                          "Sun, 32 Dec 2026 19:44:46 GMT", "Sun, 06 Dex 2026 19:44:46 GMT", "Sun, 06 Dec 2026 24:00:00 GMT",
                          "Xyz, 06 Dec 2026 19:44:46 GMT", "Sun, 06 Dec 20x6 19:44:46 GMT"})
    EXPECT_FALSE(parse_http_date(bad)) << bad;
}

TEST(ClockSync, HttpHeadTakesTheDateHeaderToHalfASecond) {
  SyncRun r;
  r.run({{UtcScheme::kHttpHead, "http://t.test/missing"}, {UtcScheme::kHttpHead, "http://t.test/"}});
  ASSERT_TRUE(r.outcome);
  ASSERT_TRUE(r.outcome->offset_s) << r.outcome->error;
  EXPECT_NEAR(*r.outcome->offset_s, -kLocalErrorS, 0.5 + kLatencyMs / 1000);
  EXPECT_EQ(r.outcome->source, "http-head http://t.test/");
}

TEST(ClockSync, ADirectSourceAnswersAtOnce) {
  SyncRun r;
  r.run({{UtcScheme::kDirect, media::format_xs_datetime(kServerEpochUnixS)}});
  ASSERT_TRUE(r.outcome && r.outcome->offset_s);
  EXPECT_NEAR(*r.outcome->offset_s, -kLocalErrorS, 0.001);
}

TEST(ClockSync, NoSourceAnsweringKeepsTheLocalClockAndSaysWhy) {
  SyncRun r;
  r.run({{UtcScheme::kDirect, "yesterday"}, {UtcScheme::kHttpXsdate, "http://t.test/missing"}});
  ASSERT_TRUE(r.outcome);
  EXPECT_FALSE(r.outcome->offset_s);
  EXPECT_NE(r.outcome->error.find("http://t.test/missing"), std::string::npos) << r.outcome->error;
  SyncRun none;
  none.run({});
  ASSERT_TRUE(none.outcome);
  EXPECT_EQ(none.outcome->error, "the MPD has no usable UTCTiming");
}

}  // namespace
}  // namespace player
