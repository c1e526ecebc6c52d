#include "media/mpd/segments.h"

#include <gtest/gtest.h>

#include "media/mpd/reader.h"

namespace media {
namespace {

Mpd parse(const std::string& body, const std::string& mpd_attrs = "mediaPresentationDuration='PT10S'") {
  auto mpd = parse_mpd("<MPD profiles='p' minBufferTime='PT2S' " + mpd_attrs + ">" + body + "</MPD>");
  EXPECT_TRUE(mpd.ok()) << mpd.error();
  return mpd.ok() ? *mpd : Mpd{};
}

TEST(Segments, NumberTemplateWithInheritance) {
  Mpd mpd = parse(
      "<BaseURL>http://cdn/a/</BaseURL><Period>"
      "<SegmentTemplate timescale='1000' duration='4000' startNumber='1'/>"
      "<AdaptationSet mimeType='video/mp4'><BaseURL>video/</BaseURL>"
      "<SegmentTemplate media='$RepresentationID$/seg_$Number%03d$.m4s' initialization='$RepresentationID$/init.mp4'/>"
      "<Representation id='v1' bandwidth='1000' width='640'/></AdaptationSet></Period>");
  auto rr = resolve_representation(mpd, 0, 0, 0, "http://origin/m/manifest.mpd");
  ASSERT_TRUE(rr.ok()) << rr.error();
  EXPECT_EQ(rr->mode, AddressingMode::kTemplateDuration);
  EXPECT_EQ(rr->common.mime_type, "video/mp4");
  EXPECT_EQ(rr->common.width, 640u);
  ASSERT_TRUE(rr->initialization);
  EXPECT_EQ(rr->initialization->url, "http://cdn/a/video/v1/init.mp4");
  ASSERT_EQ(rr->segments.size(), 3u);  // 10 s in 4 s segments: 4 + 4 + 2
  EXPECT_EQ(rr->segments[0].location.url, "http://cdn/a/video/v1/seg_001.m4s");
  EXPECT_EQ(rr->segments[2].number, 3u);
  EXPECT_EQ(rr->segments[2].start_ticks, 8000u);
  EXPECT_EQ(rr->segments[2].duration_ticks, 2000u);
  EXPECT_DOUBLE_EQ(rr->segments[2].start_s(), 8.0);
}

TEST(Segments, TimelineWithRepeatsAndTime) {
  Mpd mpd = parse(
      "<Period><AdaptationSet><SegmentTemplate timescale='90000' media='$Time$.m4s' initialization='i.mp4'>"
      "<SegmentTimeline><S t='900' d='180000' r='2'/><S d='90000'/><S t='900000' d='45000' r='-1'/>"
      "</SegmentTimeline></SegmentTemplate><Representation id='a' bandwidth='1'/></AdaptationSet></Period>");
  auto rr = resolve_representation(mpd, 0, 0, 0, "/srv/m.mpd");
  ASSERT_TRUE(rr.ok()) << rr.error();
  EXPECT_EQ(rr->mode, AddressingMode::kTemplateTimeline);
  // 3 x 180000 from 900, one 90000, then 45000-tick segments from 900000 to the period end (900000 ticks).
  ASSERT_EQ(rr->segments.size(), 4u);  // the r=-1 entry starts at the period end: none
  EXPECT_EQ(rr->segments[0].location.url, "/srv/900.m4s");
  EXPECT_EQ(rr->segments[3].start_ticks, 900u + 3 * 180000u);
  EXPECT_EQ(rr->segments[3].duration_ticks, 90000u);
}

TEST(Segments, TimelineRepeatUntilPeriodEnd) {
  Mpd mpd = parse(
      "<Period><AdaptationSet><SegmentTemplate timescale='10' media='$Number$.m4s' startNumber='5'>"
      "<SegmentTimeline><S t='0' d='20' r='-1'/></SegmentTimeline></SegmentTemplate>"
      "<Representation id='a' bandwidth='1'/></AdaptationSet></Period>",
      "mediaPresentationDuration='PT9S'");
  auto rr = resolve_representation(mpd, 0, 0, 0, "");
  ASSERT_TRUE(rr.ok()) << rr.error();
  ASSERT_EQ(rr->segments.size(), 5u);  // 90 ticks / 20 → 5 (the last one runs past the end)
  EXPECT_EQ(rr->segments.front().number, 5u);
  EXPECT_EQ(rr->segments.back().location.path, "9.m4s");
}

TEST(Segments, PresentationTimeOffsetShiftsStart) {
  Mpd mpd = parse(
      "<Period start='PT100S'><AdaptationSet><SegmentTemplate timescale='12288' presentationTimeOffset='1024' "
      "duration='24576' media='$Number$.mp4'/><Representation id='1' bandwidth='1'/></AdaptationSet></Period>");
  auto rr = resolve_representation(mpd, 0, 0, 0, "");
  ASSERT_FALSE(rr.ok());  // 10 s presentation, period starting at 100 s: no duration left
  Mpd mpd2 = parse(
      "<Period start='PT100S' duration='PT4S'><AdaptationSet><SegmentTemplate timescale='12288' "
      "presentationTimeOffset='1024' duration='24576' media='$Time$.mp4'/><Representation id='1' bandwidth='1'/>"
      "</AdaptationSet></Period>");
  auto rr2 = resolve_representation(mpd2, 0, 0, 0, "");
  ASSERT_TRUE(rr2.ok()) << rr2.error();
  ASSERT_EQ(rr2->segments.size(), 2u);
  EXPECT_EQ(rr2->segments[0].start_ticks, 1024u);
  EXPECT_EQ(rr2->segments[0].location.path, "1024.mp4");
  EXPECT_DOUBLE_EQ(rr2->segments[0].start_s(), 100.0);
  EXPECT_DOUBLE_EQ(rr2->segments[1].start_s(), 102.0);
}

TEST(Segments, SegmentListWithRanges) {
  Mpd mpd = parse(
      "<Period><AdaptationSet><Representation id='0' bandwidth='1'><BaseURL>m-stream0.mp4</BaseURL>"
      "<SegmentList timescale='1000000' duration='2000000' startNumber='1'><Initialization range='0-815'/>"
      "<SegmentURL mediaRange='816-61692'/><SegmentURL mediaRange='61693-131114'/></SegmentList>"
      "</Representation></AdaptationSet></Period>");
  auto rr = resolve_representation(mpd, 0, 0, 0, "http://h/d/m.mpd");
  ASSERT_TRUE(rr.ok()) << rr.error();
  EXPECT_EQ(rr->mode, AddressingMode::kSegmentList);
  ASSERT_TRUE(rr->initialization);
  EXPECT_EQ(rr->initialization->url, "http://h/d/m-stream0.mp4");
  EXPECT_EQ(rr->initialization->range, (ByteRange{0, 815}));
  ASSERT_EQ(rr->segments.size(), 2u);
  EXPECT_EQ(rr->segments[1].location.range, (ByteRange{61693, 131114}));
  EXPECT_DOUBLE_EQ(rr->segments[1].start_s(), 2.0);
}

TEST(Segments, SegmentBaseNeedsSidx) {
  Mpd mpd = parse(
      "<Period><AdaptationSet><Representation id='1' bandwidth='1'><BaseURL>v.mp4</BaseURL>"
      "<SegmentBase indexRange='839-990'><Initialization range='0-838'/></SegmentBase>"
      "</Representation></AdaptationSet></Period>");
  auto rr = resolve_representation(mpd, 0, 0, 0, "http://h/m.mpd");
  ASSERT_TRUE(rr.ok()) << rr.error();
  EXPECT_EQ(rr->mode, AddressingMode::kSegmentBase);
  EXPECT_TRUE(rr->segments.empty());
  ASSERT_TRUE(rr->index);
  EXPECT_EQ(rr->index->url, "http://h/v.mp4");
  EXPECT_EQ(rr->index->range, (ByteRange{839, 990}));

  Sidx sidx;
  sidx.timescale = 1000;
  sidx.first_offset = 0;
  sidx.references = {{false, 100, 4000, true, 1}, {false, 50, 2000, true, 1}};
  ASSERT_TRUE(apply_sidx(*rr, sidx, 991).ok());
  ASSERT_EQ(rr->segments.size(), 2u);
  EXPECT_EQ(rr->segments[0].location.range, (ByteRange{991, 1090}));
  EXPECT_EQ(rr->segments[1].location.range, (ByteRange{1091, 1140}));
  EXPECT_DOUBLE_EQ(rr->segments[1].start_s(), 4.0);

  sidx.references[1].references_sidx = true;
  EXPECT_EQ(apply_sidx(*rr, sidx, 991).error().code, ErrorCode::kUnsupported);
}

TEST(Segments, BaseUrlsKeptInOrderForFailover) {
  Mpd mpd = parse(
      "<BaseURL>http://cdn1/</BaseURL><BaseURL>http://cdn2/</BaseURL><Period><AdaptationSet>"
      "<BaseURL>video/</BaseURL><SegmentTemplate duration='2' media='$Number$.m4s'/>"
      "<Representation id='v' bandwidth='1'/></AdaptationSet></Period>");
  auto rr = resolve_representation(mpd, 0, 0, 0, "http://origin/m.mpd");
  ASSERT_TRUE(rr.ok()) << rr.error();
  ASSERT_EQ(rr->base_urls, (std::vector<std::string>{"http://cdn1/video/", "http://cdn2/video/"}));
  EXPECT_EQ(rr->url_for(rr->segments[0].location, 1), "http://cdn2/video/1.m4s");
}

TEST(Segments, PeriodTimingFollowsStartsAndDurations) {
  Mpd mpd = parse("<Period duration='PT3S'/><Period/><Period start='PT7S'/>", "mediaPresentationDuration='PT12S'");
  auto p0 = period_timing(mpd, 0), p1 = period_timing(mpd, 1), p2 = period_timing(mpd, 2);
  ASSERT_TRUE(p0.ok() && p1.ok() && p2.ok());
  EXPECT_DOUBLE_EQ(p1->start_s, 3.0);
  EXPECT_DOUBLE_EQ(p1->duration_s, 4.0);
  EXPECT_DOUBLE_EQ(p2->start_s, 7.0);
  EXPECT_DOUBLE_EQ(p2->duration_s, 5.0);
}

TEST(Segments, ErrorPaths) {
  struct Case {
    std::string body;
    std::string mpd_attrs;
    const char* expected;
  } cases[] = {
      {"<Period><AdaptationSet><SegmentTemplate media='$Number$'/><Representation id='v' bandwidth='1'/>"
       "</AdaptationSet></Period>",
       "mediaPresentationDuration='PT10S'", "neither @duration nor <SegmentTimeline>"},
      {"<Period><AdaptationSet><SegmentTemplate duration='2'/><Representation id='v' bandwidth='1'/>"
       "</AdaptationSet></Period>",
       "mediaPresentationDuration='PT10S'", "lacks @media"},
      {"<Period><AdaptationSet><SegmentTemplate duration='2' media='$Number$'/><Representation id='v' bandwidth='1'/>"
       "</AdaptationSet></Period>",
       "", "duration of Period 0 is unknown"},
      {"<Period><AdaptationSet><SegmentTemplate media='$Time$'><SegmentTimeline><S d='1' r='-1'/></SegmentTimeline>"
       "</SegmentTemplate><Representation id='v' bandwidth='1'/></AdaptationSet></Period>",
       "", "@r='-1' with no end"},
      {"<Period><AdaptationSet><SegmentTemplate media='$Time$'><SegmentTimeline><S d='1' r='99999999999'/>"
       "</SegmentTimeline></SegmentTemplate><Representation id='v' bandwidth='1'/></AdaptationSet></Period>",
       "", "more than"},
      {"<Period><AdaptationSet><SegmentTemplate timescale='1' duration='1' media='$Number$'/>"
       "<Representation id='v' bandwidth='1'/></AdaptationSet></Period>",
       "mediaPresentationDuration='P100D'", "more than"},
      {"<Period><AdaptationSet><SegmentTemplate duration='2' media='$Nope$'/><Representation id='v' bandwidth='1'/>"
       "</AdaptationSet></Period>",
       "mediaPresentationDuration='PT10S'", "unknown identifier"},
      {"<Period><AdaptationSet><Representation id='v' bandwidth='1'><SegmentBase/></Representation>"
       "</AdaptationSet></Period>",
       "", "neither @indexRange"},
  };
  for (const auto& c : cases) {
    Mpd mpd = parse(c.body, c.mpd_attrs);
    auto rr = resolve_representation(mpd, 0, 0, 0, "");
    ASSERT_FALSE(rr.ok()) << c.body;
    EXPECT_NE(rr.error().message.find(c.expected), std::string::npos) << rr.error().message;
  }
}

}  // namespace
}  // namespace media
