// Loading a dynamic MPD of several Periods (the packager starts one after an
// input outage): every Period's segments listed, the expired ones dropped, a
// Period wholly behind the time-shift window left out, the last one
// open-ended. Pure: MPD texts from LiveContent at chosen virtual times.
#include <gtest/gtest.h>

#include <cmath>

#include "player/net/http_fetcher.h"
#include "player/session/live_presentation.h"
#include "tests/player/session/live_content.h"

namespace player::testing {
namespace {

constexpr double kRunningS = 60;  // LiveSpec default: the stream began 60 s before virtual time 0

// What LiveContent serves as its MPD at virtual time `t_s`.
std::string mpd_at(const LiveSpec& spec, double t_s) {
  media::ManualClock clock;
  clock.set(t_s);
  return LiveContent(spec, clock).mpd_text();
}

// The Presentation a player reading `mpd_text` at virtual time `t_s` builds.
media::Result<Presentation> build_at(const LiveSpec& spec, const std::string& mpd_text, double t_s) {
  PresentationOptions options;
  options.wall_clock_unix_s = [&] { return spec.epoch_unix_s + t_s; };
  FileFetcher unused;  // live templates need no index
  return build_presentation(unused, mpd_text, spec.base + "manifest.mpd", options);
}

media::Result<Presentation> load_at(const LiveSpec& spec, double t_s) { return build_at(spec, mpd_at(spec, t_s), t_s); }

LiveSpec with_outage(double from_s, double to_s) {
  LiveSpec spec;
  spec.outage = LiveSpec::Outage{from_s, to_s};
  return spec;
}

TEST(LivePresentation, LoadsEveryPeriodOfADynamicMpd) {
  // Away from 5 s to 12 s: Period p0 holds segments up to 65 s, p1 starts at 72 s.
  auto p = load_at(with_outage(5, 12), 20);
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->periods.size(), 2u);
  const PeriodStreams& p0 = p->periods[0];
  const PeriodStreams& p1 = p->periods[1];
  EXPECT_EQ(p0.id, "p0");
  EXPECT_EQ(p1.id, "p1");
  ASSERT_TRUE(p0.video && p1.video);
  // p0 ends where p1 begins, past its media (the outage); p1 grows without end.
  EXPECT_DOUBLE_EQ(p0.start_s, 0);
  EXPECT_DOUBLE_EQ(p0.end_s(), kRunningS + 12);
  EXPECT_DOUBLE_EQ(p1.start_s, kRunningS + 12);
  EXPECT_TRUE(std::isinf(p1.duration_s));
  EXPECT_TRUE(std::isinf(p->duration_s));
  // The 30 s window at the edge (80 s) keeps p0's segments ending at 50 s or later.
  const StreamInfo& v0 = *p0.video;
  ASSERT_GT(v0.segment_count(), 0u);
  EXPECT_DOUBLE_EQ(v0.segment(0, 0).start_s(), 49);
  EXPECT_DOUBLE_EQ(v0.segment(0, v0.segment_count() - 1).start_s(), 64);
  // p1: segments 72..80 s (8 of them, numbered on from p0's), on the presentation timeline.
  const StreamInfo& v1 = *p1.video;
  ASSERT_EQ(v1.segment_count(), 8u);
  EXPECT_DOUBLE_EQ(v1.segment(0, 0).start_s(), 72);
  EXPECT_EQ(v1.segment(0, 0).number, 66u);
  EXPECT_EQ(v1.period, 1u);
  EXPECT_EQ(v1.sizes_bytes.size(), v1.segment_count() * v1.representations.size());
}

TEST(LivePresentation, LeavesOutAPeriodWhoseMediaLeftTheWindow) {
  // Away from 5 s to 40 s: at 62 s p0's media (ended at 65 s) lies more than
  // 30 s behind the edge (122 s), though the Period lasts until 100 s.
  LiveSpec spec = with_outage(5, 40);
  spec.window_s = 60;  // the MPD lists p0 still; its timeShiftBufferDepth says 30 s
  std::string text = mpd_at(spec, 62);
  const std::string depth = "timeShiftBufferDepth=\"PT60S\"";
  ASSERT_NE(text.find("<Period id=\"p0\""), std::string::npos);
  ASSERT_NE(text.find(depth), std::string::npos);
  text.replace(text.find(depth), depth.size(), "timeShiftBufferDepth=\"PT30S\"");
  auto p = build_at(spec, text, 62);
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->periods.size(), 1u);
  EXPECT_EQ(p->periods[0].id, "p1");
  EXPECT_EQ(p->periods[0].index, 0u);
  EXPECT_EQ(p->periods[0].video->period, 0u);
  EXPECT_DOUBLE_EQ(p->periods[0].start_s, kRunningS + 40);
}

const char* kTwoPeriods = R"(<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic" availabilityStartTime="2023-11-14T22:00:00Z" profiles="urn:mpeg:dash:profile:isoff-live:2011" minBufferTime="PT1S"><Period id="0" %s>%s<Period id="1" %s>%s</MPD>)";
const char* kVideoSet = R"(<AdaptationSet contentType="video" mimeType="video/mp4" codecs="avc1.64001f"><SegmentTemplate timescale="1000" duration="1000" media="$Number$.m4s"/><Representation id="v" bandwidth="1000"/></AdaptationSet></Period>)";

media::Result<Presentation> load_text(const std::string& first_attrs, const std::string& second_attrs) {
  char mpd[2048];
  std::snprintf(mpd, sizeof mpd, kTwoPeriods, first_attrs.c_str(), kVideoSet, second_attrs.c_str(), kVideoSet);
  PresentationOptions options;
  options.wall_clock_unix_s = [] { return 1'700'000'000.0 + 3600; };  // an hour after availabilityStartTime
  FileFetcher unused;
  return build_presentation(unused, mpd, "http://x.test/m.mpd", options);
}

TEST(LivePresentation, PlaysATwoPeriodNumberTemplateFromTheSecondPeriod) {
  auto p = load_text("start=\"PT0S\"", "start=\"PT3000S\"");
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->periods.size(), 2u);
  EXPECT_DOUBLE_EQ(p->periods[0].end_s(), 3000);
  EXPECT_EQ(p->periods[0].video->segment_count(), 3000u);  // no timeShiftBufferDepth: all there
  EXPECT_TRUE(std::isinf(p->periods[1].duration_s));
}

// Bad timing is one line naming what is wrong, not a crash.
TEST(LivePresentation, APeriodWithoutAnEndIsOneClearError) {
  auto p = load_text("start=\"PT0S\"", "");  // p0 ends where? p1 has no @start, p0 no @duration
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("Period 0"), std::string::npos) << p.error().message;
  EXPECT_EQ(p.error().message.find('\n'), std::string::npos);
}

TEST(LivePresentation, PeriodsThatAllStartAfterTheEdgeAreOneClearError) {
  auto p = load_text("start=\"PT86400S\"", "start=\"PT90000S\"");  // a day ahead of the clock
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("every Period starts after the live edge"), std::string::npos) << p.error().message;
  EXPECT_EQ(p.error().message.find('\n'), std::string::npos);
}

TEST(LivePresentation, AFuturePeriodIsLeftForALaterRefresh) {
  auto p = load_text("start=\"PT0S\"", "start=\"PT86400S\"");
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->periods.size(), 1u);
  EXPECT_TRUE(std::isinf(p->periods[0].duration_s));
}

}  // namespace
}  // namespace player::testing
