// What the player makes of an MPD before streaming: every Period with its
// video set, audio and subtitle tracks, events and skipped sets; the track a
// language and role preference picks; codecs it knows.
#include "player/session/presentation.h"

#include <gtest/gtest.h>

#include "player/av/codec_support.h"
#include "player/av/segment_demuxer.h"
#include "player/net/http_fetcher.h"
#include "player/session/describe.h"
#include "player/session/periods.h"

namespace player {
namespace {

constexpr const char* kUrl = "http://a.test/p/manifest.mpd";

// Two Periods of 8 s: the first with English (main) and French audio and a
// WebVTT track, the second with another ladder, English commentary and
// English main audio; an EventStream at 2 s into the second.
constexpr const char* kTwoPeriods = R"(<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"
    profiles="urn:mpeg:dash:profile:isoff-live:2011" minBufferTime="PT2S" mediaPresentationDuration="PT16S">
  <Period id="one" start="PT0S">
    <AdaptationSet contentType="video" mimeType="video/mp4" codecs="avc1.64001f">
      <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="$RepresentationID$/i.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="v0" bandwidth="300000"/><Representation id="v1" bandwidth="1200000"/>
    </AdaptationSet>
    <AdaptationSet contentType="audio" mimeType="audio/mp4" codecs="mp4a.40.2" lang="en">
      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>
      <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="$RepresentationID$/i.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="en" bandwidth="96000"/>
    </AdaptationSet>
    <AdaptationSet contentType="audio" mimeType="audio/mp4" codecs="mp4a.40.2" lang="fr-CA">
      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="dub"/>
      <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="$RepresentationID$/i.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="fr" bandwidth="96000"/>
    </AdaptationSet>
    <AdaptationSet contentType="text" mimeType="application/mp4" codecs="wvtt" lang="de">
      <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="$RepresentationID$/i.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="de" bandwidth="1000"/>
    </AdaptationSet>
  </Period>
  <Period id="two" start="PT8S">
    <EventStream schemeIdUri="urn:test:chapter" timescale="10" presentationTimeOffset="100">
      <Event presentationTime="120" duration="5" id="3">chapter two</Event>
    </EventStream>
    <AdaptationSet contentType="video" mimeType="video/mp4" codecs="avc1.64001f">
      <SegmentTemplate timescale="90000" duration="180000" startNumber="1" initialization="$RepresentationID$/i.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="w0" bandwidth="500000"/><Representation id="w1" bandwidth="1000000"/><Representation id="w2" bandwidth="2000000"/>
    </AdaptationSet>
    <AdaptationSet contentType="video" mimeType="video/mp4" codecs="xyz1.0">
      <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="$RepresentationID$/i.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="x0" bandwidth="500000"/>
    </AdaptationSet>
    <AdaptationSet contentType="audio" mimeType="audio/mp4" codecs="mp4a.40.2" lang="en">
      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="commentary"/>
      <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="$RepresentationID$/i.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="enc" bandwidth="64000"/>
    </AdaptationSet>
    <AdaptationSet contentType="audio" mimeType="audio/mp4" codecs="mp4a.40.2" lang="en">
      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>
      <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="$RepresentationID$/i.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="en2" bandwidth="96000"/>
    </AdaptationSet>
  </Period>
</MPD>)";

Presentation build(const PresentationOptions& options = {}) {
  FileFetcher unused;
  auto p = build_presentation(unused, kTwoPeriods, kUrl, options);
  if (!p.ok()) throw std::runtime_error(p.error().message);
  return std::move(p).value();
}

TEST(Presentation, EveryPeriodIsLoadedWithItsTimesTracksAndSkippedSets) {
  const Presentation p = build();
  ASSERT_EQ(p.periods.size(), 2u);
  EXPECT_DOUBLE_EQ(p.duration_s, 16);
  EXPECT_EQ(p.periods[0].id, "one");
  EXPECT_DOUBLE_EQ(p.periods[1].start_s, 8);
  EXPECT_DOUBLE_EQ(p.periods[1].duration_s, 8);
  ASSERT_TRUE(p.periods[0].video && p.periods[1].video);
  EXPECT_EQ(p.periods[1].video->representations.size(), 3u);
  EXPECT_EQ(p.periods[1].video->segment_count(), 4u);  // 2 s segments at 90 kHz
  EXPECT_EQ(p.periods[0].audio.size(), 2u);
  ASSERT_EQ(p.periods[0].text.size(), 1u);
  EXPECT_EQ(p.periods[0].text[0].text_format, TextFormat::kWvtt);
  ASSERT_EQ(p.periods[1].skipped.size(), 1u);
  EXPECT_NE(p.periods[1].skipped[0].find("xyz1.0"), std::string::npos) << p.periods[1].skipped[0];
}

TEST(Presentation, EventTimesAreOnThePresentationTimeline) {
  const Presentation p = build();
  ASSERT_EQ(p.periods[1].events.size(), 1u);
  const MpdEvent& e = p.periods[1].events[0];
  // Period start 8 s + (120 − 100) / 10.
  EXPECT_DOUBLE_EQ(e.start_s, 10);
  EXPECT_DOUBLE_EQ(e.duration_s, 0.5);
  EXPECT_EQ(e.id, 3u);
  EXPECT_EQ(e.message, "chapter two");
}

TEST(Presentation, LangAndRolePickTheDefaultAudioTrack) {
  EXPECT_EQ(build().periods[0].default_audio, 0u);  // the main track
  PresentationOptions fr;
  fr.lang = "fr";  // matches fr-CA by its primary subtag
  EXPECT_EQ(build(fr).periods[0].default_audio, 1u);
  PresentationOptions commentary;
  commentary.audio_role = "commentary";
  EXPECT_EQ(build(commentary).periods[1].default_audio, 0u);
  EXPECT_EQ(build(commentary).periods[0].default_audio, 0u);  // no commentary: the main track
}

TEST(Presentation, AForcedCodecThatNoPeriodOffersIsAnError) {
  FileFetcher unused;
  PresentationOptions o;
  o.codec = "hevc";
  auto p = build_presentation(unused, kTwoPeriods, kUrl, o);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("no hevc video"), std::string::npos) << p.error();
}

TEST(Presentation, InfoListsEveryPeriodTrackAndEvent) {
  const std::string info = describe(build());
  EXPECT_NE(info.find("Period 0 id=one: 0 s to 8 s"), std::string::npos) << info;
  EXPECT_NE(info.find("Period 1 id=two: 8 s to 16 s"), std::string::npos) << info;
  EXPECT_NE(info.find("EventStream: 1 event(s) urn:test:chapter"), std::string::npos) << info;
  EXPECT_NE(info.find("lang=fr-CA role=dub (audio track 1)"), std::string::npos) << info;
  EXPECT_NE(info.find("(subtitle track 0)"), std::string::npos) << info;
  EXPECT_NE(info.find("cannot be decoded"), std::string::npos) << info;
}

constexpr const char* kEncrypted = R"(<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:cenc="urn:mpeg:cenc:2013"
    type="static" profiles="urn:mpeg:dash:profile:isoff-live:2011" minBufferTime="PT2S" mediaPresentationDuration="PT8S">
  <Period><AdaptationSet contentType="video" mimeType="video/mp4" codecs="avc1.64001f">
    <ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc"
        cenc:default_KID="01234567-89ab-cdef-0123-456789abcdef"/>
    <SegmentTemplate timescale="1000" duration="4000" initialization="$RepresentationID$/i.mp4" media="$RepresentationID$/$Number$.m4s"/>
    <Representation id="v0" bandwidth="300000"/>
  </AdaptationSet>
  <AdaptationSet contentType="audio" mimeType="audio/mp4" codecs="mp4a.40.2">
    <SegmentTemplate timescale="1000" duration="4000" initialization="$RepresentationID$/i.mp4" media="$RepresentationID$/$Number$.m4s"/>
    <Representation id="a0" bandwidth="64000"/>
  </AdaptationSet></Period></MPD>)";

// Content keys are process-wide (set once by main): each case sets its own
// and clears them at the end.
media::Result<Presentation> build_encrypted(std::vector<std::pair<std::string, std::string>> keys) {
  SegmentDemuxer::set_content_keys(std::move(keys));
  FileFetcher unused;
  auto p = build_presentation(unused, kEncrypted, kUrl, {});
  SegmentDemuxer::set_content_keys({});
  return p;
}

TEST(Presentation, EncryptedContentNeedsAKeyForItsKid) {
  constexpr const char* kKid = "0123456789abcdef0123456789abcdef";
  constexpr const char* kKey = "00112233445566778899aabbccddeeff";
  // Without a key the whole presentation is refused (not played without its video).
  auto none = build_encrypted({});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("AdaptationSet 0 (video)"), std::string::npos) << none.error();
  EXPECT_NE(none.error().message.find("give its key with --key KID:KEY"), std::string::npos) << none.error();
  EXPECT_NE(none.error().message.find("01234567-89ab-cdef-0123-456789abcdef"), std::string::npos) << none.error();
  // Several keys: one must have the MPD's KID.
  auto other = build_encrypted({{"ffffffffffffffffffffffffffffffff", kKey}, {"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", kKey}});
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().message.find("no --key KID:KEY has that KID"), std::string::npos) << other.error();
  EXPECT_EQ(other.error().message.find(kKey), std::string::npos) << "a key in a message";
  auto right = build_encrypted({{"ffffffffffffffffffffffffffffffff", kKey}, {kKid, kKey}});
  ASSERT_TRUE(right.ok()) << right.error();
  EXPECT_TRUE(right->periods[0].video.has_value());
  // A single key serves any KID (as libavformat uses it).
  EXPECT_TRUE(build_encrypted({{"ffffffffffffffffffffffffffffffff", kKey}}).ok());
}

TEST(Tracks, ChoiceFallsBackFromLanguageAndRoleToTheMainTrack) {
  std::vector<StreamInfo> tracks(3);
  tracks[0].lang = "en";
  tracks[0].roles = {"commentary"};
  tracks[1].lang = "de";
  tracks[1].roles = {"main"};
  tracks[2].lang = "en";
  tracks[2].roles = {"main"};
  EXPECT_EQ(choose_track(tracks, {}), 1u);                      // the first main track
  EXPECT_EQ(choose_track(tracks, {"en", ""}), 2u);              // English, main first
  EXPECT_EQ(choose_track(tracks, {"EN-gb", "commentary"}), 0u);  // both, case-blind subtag
  EXPECT_EQ(choose_track(tracks, {"ja", "commentary"}), 0u);    // the role alone
  EXPECT_EQ(choose_track(tracks, {"ja", ""}), 1u);              // nothing fits: main
  EXPECT_EQ(choose_track({}, {"en", ""}), std::nullopt);
}

TEST(Tracks, LanguagesMatchByPrimarySubtagOnly) {
  EXPECT_TRUE(same_language("en", "en-US"));
  EXPECT_TRUE(same_language("pt-BR", "PT-br"));
  EXPECT_FALSE(same_language("en-GB", "en-US"));
  EXPECT_FALSE(same_language("", ""));
}

TEST(Periods, TimesMapToPeriodsAndSegmentsAndRungsCarryOverByBitrate) {
  const Presentation p = build();
  EXPECT_EQ(period_at(p, 0), 0u);
  EXPECT_EQ(period_at(p, 7.9), 0u);
  EXPECT_EQ(period_at(p, 8), 1u);
  EXPECT_EQ(segment_at(*p.periods[1].video, 11.5), 1u);  // [10, 12)
  EXPECT_EQ(rung_for_bitrate(*p.periods[1].video, 1.2e6), 1u);
  EXPECT_EQ(rung_for_bitrate(*p.periods[1].video, 3e5), 0u);  // all above: the lowest
}

TEST(Codecs, Rfc6381NamesMapToFamiliesAndSubtitleFormats) {
  EXPECT_EQ(codec_of("hvc1.2.4.L93.B0")->family, "hevc");
  EXPECT_EQ(codec_of("av01.0.04M.10,mp4a.40.2")->family, "av1");
  EXPECT_EQ(codec_of("ec-3")->family, "eac3");
  EXPECT_FALSE(codec_of("xyz1.0"));
  EXPECT_TRUE(can_decode(*codec_of("avc1.64001f")));
  EXPECT_EQ(text_format_of(std::string("application/mp4"), std::string("stpp.ttml.im1t")), TextFormat::kStpp);
  EXPECT_EQ(text_format_of(std::string("text/vtt"), std::nullopt), TextFormat::kWebVtt);
  EXPECT_EQ(text_format_of(std::string("video/mp4"), std::string("avc1")), std::nullopt);
}

}  // namespace
}  // namespace player
