#include "media/mpd/reader.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "media/mpd/duration.h"
#include "media/mpd/writer.h"

namespace media {
namespace {

std::vector<std::filesystem::path> example_mpds() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(DS_SHARED_DIR) + "/dash-schema/examples"))
    if (e.path().extension() == ".mpd") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(MpdReader, EveryStandardExampleParses) {
  auto files = example_mpds();
  ASSERT_GE(files.size(), 16u);
  for (const auto& f : files) {
    auto mpd = read_mpd_file(f);
    EXPECT_TRUE(mpd.ok()) << f << ": " << mpd.error();
  }
}

TEST(MpdReader, WriteThenReadGivesTheSameModel) {
  for (const auto& f : example_mpds()) {
    auto mpd = read_mpd_file(f);
    ASSERT_TRUE(mpd.ok()) << mpd.error();
    auto again = parse_mpd(write_mpd(*mpd));
    ASSERT_TRUE(again.ok()) << f << ": " << again.error();
    EXPECT_EQ(*again, *mpd) << f;
  }
}

TEST(MpdReader, ReadsTheModelledFields) {
  auto mpd = read_mpd_file(std::string(DS_SHARED_DIR) + "/dash-schema/examples/example_G2.mpd");
  ASSERT_TRUE(mpd.ok()) << mpd.error();
  EXPECT_TRUE(mpd->is_dynamic());
  EXPECT_EQ(mpd->min_buffer_time, std::chrono::seconds(4));
  ASSERT_EQ(mpd->base_urls.size(), 2u);
  EXPECT_EQ(mpd->base_urls[1].url, "http://cdn2.example.com/");
  const AdaptationSet& video = mpd->periods.at(0).adaptation_sets.at(0);
  EXPECT_EQ(video.common.frame_rate, "30000/1001");
  EXPECT_EQ(video.segment_alignment, true);
  ASSERT_TRUE(video.segment_info.segment_template);
  EXPECT_EQ(video.segment_info.segment_template->timescale, 90000u);
  ASSERT_TRUE(video.segment_info.segment_template->timeline);
  EXPECT_EQ(video.segment_info.segment_template->timeline->at(0), (TimelineEntry{0, 180180, 432}));
  EXPECT_EQ(video.representations.size(), 3u);
  EXPECT_EQ(video.representations[2].common.width, 960u);
  const AdaptationSet& fr = mpd->periods[0].adaptation_sets.at(2);
  EXPECT_EQ(fr.lang, "fr");
  EXPECT_EQ(fr.segment_alignment, false);  // segmentAlignment="0"
}

// DASH-IF Content Steering: <ContentSteering> and BaseURL@serviceLocation,
// as dash-package --pathway writes them, survive a write and a read.
TEST(MpdReader, LocationsRoundTripBetweenBaseUrlAndPeriod) {
  const char* xml = R"(<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="p" minBufferTime="PT2S">
    <BaseURL>media/</BaseURL>
    <Location> https://cdn.example.com/show/manifest.mpd </Location>
    <Location>backup.mpd</Location>
    <Period/></MPD>)";
  auto mpd = parse_mpd(xml);
  ASSERT_TRUE(mpd.ok()) << mpd.error();
  ASSERT_EQ(mpd->locations.size(), 2u);
  EXPECT_EQ(mpd->locations[0], "https://cdn.example.com/show/manifest.mpd");
  EXPECT_EQ(mpd->locations[1], "backup.mpd");
  const std::string written = write_mpd(*mpd);
  EXPECT_GT(written.find("<Location"), written.find("<BaseURL"));
  EXPECT_LT(written.find("<Location"), written.find("<Period"));
  auto again = parse_mpd(written);
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(*again, *mpd) << written;
}

TEST(MpdReader, EventStreamsRoundTripBeforeTheAdaptationSets) {
  const char* xml = R"(<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="p" minBufferTime="PT2S">
    <Period id="ad"><EventStream schemeIdUri="urn:scte:scte35:2013:xml" value="1" timescale="90000"
        presentationTimeOffset="900000">
      <Event presentationTime="1080000" duration="450000" id="7">splice</Event>
      <Event messageData="chapter 2"/>
    </EventStream><AdaptationSet/></Period></MPD>)";
  auto mpd = parse_mpd(xml);
  ASSERT_TRUE(mpd.ok()) << mpd.error();
  ASSERT_EQ(mpd->periods[0].event_streams.size(), 1u);
  const EventStream& es = mpd->periods[0].event_streams[0];
  EXPECT_EQ(es.scheme_id_uri, "urn:scte:scte35:2013:xml");
  EXPECT_EQ(es.timescale, 90000u);
  EXPECT_EQ(es.presentation_time_offset, 900000u);
  ASSERT_EQ(es.events.size(), 2u);
  EXPECT_EQ(es.events[0].presentation_time, 1080000u);
  EXPECT_EQ(es.events[0].duration, 450000u);
  EXPECT_EQ(es.events[0].id, 7u);
  EXPECT_EQ(es.events[0].text, "splice");
  EXPECT_EQ(es.events[1].presentation_time, 0u);
  EXPECT_EQ(es.events[1].message_data, "chapter 2");
  const std::string written = write_mpd(*mpd);
  EXPECT_LT(written.find("<EventStream"), written.find("<AdaptationSet"));
  auto again = parse_mpd(written);
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(*again, *mpd) << written;
  // A stream without its scheme is an error naming it.
  auto bad = parse_mpd("<MPD profiles='p' minBufferTime='PT1S'><Period><EventStream/></Period></MPD>");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("schemeIdUri"), std::string::npos) << bad.error();
}

TEST(MpdReader, ContentSteeringAndPathwaysRoundTrip) {
  const char* xml = R"(<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="p" minBufferTime="PT2S">
    <BaseURL serviceLocation="alpha">https://a.example.com/show/</BaseURL>
    <BaseURL serviceLocation="beta">https://b.example.com/show/</BaseURL>
    <ContentSteering defaultServiceLocation="alpha" queryBeforeStart="true"
        proxyServerURL="https://proxy.example.com/">https://steer.example.com/steering.json</ContentSteering>
    <Period/></MPD>)";
  auto mpd = parse_mpd(xml);
  ASSERT_TRUE(mpd.ok()) << mpd.error();
  ASSERT_TRUE(mpd->content_steering);
  EXPECT_EQ(mpd->content_steering->server_url, "https://steer.example.com/steering.json");
  EXPECT_EQ(mpd->content_steering->default_service_location, "alpha");
  EXPECT_EQ(mpd->content_steering->query_before_start, true);
  EXPECT_EQ(mpd->content_steering->proxy_server_url, "https://proxy.example.com/");
  ASSERT_EQ(mpd->base_urls.size(), 2u);
  EXPECT_EQ(mpd->base_urls[1].service_location, "beta");
  const std::string written = write_mpd(*mpd);
  // Before the first Period, as the standard orders the MPD's children.
  EXPECT_LT(written.find("<ContentSteering"), written.find("<Period"));
  EXPECT_GT(written.find("<ContentSteering"), written.find("<BaseURL"));
  auto again = parse_mpd(written);
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(*again, *mpd) << written;
  // Without the element, there is none.
  EXPECT_FALSE(parse_mpd("<MPD profiles='p' minBufferTime='PT1S'><Period/></MPD>")->content_steering);
}

struct BadCase {
  const char* xml;
  const char* expected;  // substring of the error message
};

TEST(MpdReader, ErrorsNameElementAndAttribute) {
  const BadCase cases[] = {
      {"<MPD minBufferTime='PT1S'><Period/></MPD>", "<MPD> lacks @profiles"},
      {"<MPD profiles='p'><Period/></MPD>", "<MPD> lacks @minBufferTime"},
      {"<MPD profiles='p' minBufferTime='PT1S'/>", "has no <Period>"},
      {"<MPD profiles='p' minBufferTime='PT1S'><Period><AdaptationSet><Representation bandwidth='1'/>"
       "</AdaptationSet></Period></MPD>",
       "<Representation> lacks @id"},
      {"<MPD profiles='p' minBufferTime='PT1S'><Period><AdaptationSet><Representation id='a'/>"
       "</AdaptationSet></Period></MPD>",
       "<Representation> lacks @bandwidth"},
      {"<MPD profiles='p' minBufferTime='PT1S'><Period><AdaptationSet><Representation id='a' bandwidth='x'/>"
       "</AdaptationSet></Period></MPD>",
       "@bandwidth='x' is not an unsigned integer"},
      {"<MPD profiles='p' minBufferTime='soon'><Period/></MPD>", "@minBufferTime='soon' is not an ISO 8601 duration"},
      {"<MPD profiles='p' minBufferTime='PT1S'><Period><SegmentTemplate><SegmentTimeline><S t='0'/>"
       "</SegmentTimeline></SegmentTemplate></Period></MPD>",
       "<S> lacks @d"},
      {"<MPD profiles='p' minBufferTime='PT1S'><Period><SegmentBase indexRange='9-3'/></Period></MPD>",
       "@indexRange='9-3' is not a byte range"},
      {"<MPD profiles='p' minBufferTime='PT1S'><Period><AdaptationSet><Role value='main'/></AdaptationSet>"
       "</Period></MPD>",
       "<Role> lacks @schemeIdUri"},
      {"<MPD profiles='p' minBufferTime='PT1S' type='live'><Period/></MPD>", "neither static nor dynamic"},
      {"<MPD profiles='p' minBufferTime='PT1S'><Period><AdaptationSet segmentAlignment='maybe'/></Period></MPD>",
       "@segmentAlignment='maybe' is not a boolean"},
      {"<MPD profiles='p' minBufferTime='PT1S'><Period><AdaptationSet width='99999999999'/></Period></MPD>",
       "is not a 32-bit unsigned integer"},
      {"<MPD profiles='p' minBufferTime='PT1S'><ContentSteering> </ContentSteering><Period/></MPD>",
       "<ContentSteering> has no steering server URL"},
      {"<MPD profiles='p' minBufferTime='PT1S'><ContentSteering queryBeforeStart='soon'>u</ContentSteering>"
       "<Period/></MPD>",
       "@queryBeforeStart='soon' is not a boolean"},
      {"<html/>", "root element is <html>"},
      {"<MPD profiles='p' minBufferTime='PT1S'><Period>", "XML error at byte"},
      {"", "XML error at byte"},
  };
  for (const auto& c : cases) {
    auto r = parse_mpd(c.xml);
    ASSERT_FALSE(r.ok()) << c.xml;
    EXPECT_NE(r.error().message.find(c.expected), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
  }
}

TEST(MpdReader, MissingFileIsNotFound) {
  auto r = read_mpd_file("/nonexistent/manifest.mpd");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("/nonexistent/manifest.mpd"), std::string::npos);
}

TEST(MpdReader, ByteRanges) {
  EXPECT_EQ(*parse_byte_range("0-815"), (ByteRange{0, 815}));
  EXPECT_EQ(*parse_byte_range("100-"), (ByteRange{100, std::nullopt}));
  EXPECT_EQ(*parse_byte_range("7"), (ByteRange{7, std::nullopt}));
  EXPECT_FALSE(parse_byte_range("-5").ok());
  EXPECT_FALSE(parse_byte_range("a-b").ok());
  EXPECT_FALSE(parse_byte_range("5-4").ok());
}

}  // namespace
}  // namespace media
