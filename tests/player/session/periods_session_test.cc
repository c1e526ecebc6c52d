// Multi-Period presentations and audio tracks in virtual time: the real
// Session walks the Periods in order (another ladder, timescale and
// presentationTimeOffset in the second), logs the MPD's events when playback
// reaches them, and fetches the audio track --lang / --audio-role pick.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "support/process.h"
#include "virtual_player.h"

namespace player {
namespace {

using testing::content_of;
using testing::VirtualPlayer;

constexpr double kPeriod0S = 20;  // 5 segments of 4 s
constexpr double kTotalS = 40;    // + 10 segments of 2 s
constexpr size_t kPeriod0Segments = 5;
constexpr size_t kPeriod1Segments = 10;
constexpr double kEventS[] = {25, 30};

// Period 0: a 3-rung ladder at 1 kHz, English (main) and French audio.
// Period 1 (its own BaseURL): a 4-rung ladder at 90 kHz whose media times
// start at its presentationTimeOffset (10 s), English main and commentary
// audio, and two events at 25 s and 30 s of the presentation.
constexpr const char* kMpd = R"(<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"
    profiles="urn:mpeg:dash:profile:isoff-live:2011" minBufferTime="PT2S" mediaPresentationDuration="PT40S">
  <BaseURL>http://a.test/p/</BaseURL>
  <Period id="p0" start="PT0S">
    <BaseURL>p0/</BaseURL>
    <AdaptationSet contentType="video" mimeType="video/mp4" codecs="avc1.64001f">
      <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="v0" bandwidth="300000"/><Representation id="v1" bandwidth="1200000"/><Representation id="v2" bandwidth="3000000"/>
    </AdaptationSet>
    <AdaptationSet contentType="audio" mimeType="audio/mp4" codecs="mp4a.40.2" lang="en">
      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>
      <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="en" bandwidth="96000"/>
    </AdaptationSet>
    <AdaptationSet contentType="audio" mimeType="audio/mp4" codecs="mp4a.40.2" lang="fr">
      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="dub"/>
      <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="fr" bandwidth="96000"/>
    </AdaptationSet>
  </Period>
  <Period id="p1" start="PT20S">
    <BaseURL>p1/</BaseURL>
    <EventStream schemeIdUri="urn:test:chapter" value="1" timescale="1000" presentationTimeOffset="10000">
      <Event presentationTime="15000" duration="1000" id="1">first</Event>
      <Event presentationTime="20000" id="2" messageData="second"/>
    </EventStream>
    <AdaptationSet contentType="video" mimeType="video/mp4" codecs="avc1.64001f">
      <SegmentTemplate timescale="90000" duration="180000" presentationTimeOffset="900000" startNumber="1" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="w0" bandwidth="400000"/><Representation id="w1" bandwidth="1000000"/>
      <Representation id="w2" bandwidth="2000000"/><Representation id="w3" bandwidth="4000000"/>
    </AdaptationSet>
    <AdaptationSet contentType="audio" mimeType="audio/mp4" codecs="mp4a.40.2" lang="en">
      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="commentary"/>
      <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="en-c" bandwidth="64000"/>
    </AdaptationSet>
    <AdaptationSet contentType="audio" mimeType="audio/mp4" codecs="mp4a.40.2" lang="en">
      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>
      <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="en-m" bandwidth="96000"/>
    </AdaptationSet>
  </Period>
</MPD>)";

size_t count_with(const std::vector<std::string>& urls, const std::string& part) {
  return static_cast<size_t>(std::count_if(urls.begin(), urls.end(),
                                           [&](const std::string& u) { return u.find(part) != std::string::npos; }));
}

TEST(Periods, EveryPeriodPlaysInOrderWithoutAStallAtTheBoundary) {
  VirtualPlayer p(content_of(kMpd));
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  EXPECT_EQ(summary->stalls, 0);
  EXPECT_DOUBLE_EQ(summary->played_s, kTotalS);
  const auto video = p.segments("video");
  ASSERT_EQ(video.size(), kPeriod0Segments + kPeriod1Segments);
  for (size_t i = 0; i < video.size(); ++i) {
    const bool second = i >= kPeriod0Segments;
    EXPECT_EQ(video[i].period, second ? 1u : 0u) << i;
    EXPECT_EQ(video[i].index, second ? i - kPeriod0Segments : i) << i;
    EXPECT_EQ(video[i].representation[0], second ? 'w' : 'v') << video[i].representation;
  }
  // The boundary was crossed with media in the buffer.
  EXPECT_GT(video[kPeriod0Segments].buffer_before_s, 0);
  // Period 1's segments come from its own BaseURL, numbered from 1 although
  // its media time starts at the presentationTimeOffset, after its init segment.
  const auto& requests = p.scripted->requests;
  const auto first_p1 = std::find_if(requests.begin(), requests.end(),
                                     [](const std::string& u) { return u.find("/p1/w") != std::string::npos; });
  ASSERT_NE(first_p1, requests.end());
  EXPECT_TRUE(first_p1->ends_with("/init.mp4")) << *first_p1;
  for (auto it = first_p1; it != requests.end(); ++it)
    EXPECT_EQ(it->find("/p0/v"), std::string::npos) << "period 0 video fetched after period 1 began: " << *it;
  const auto p1_media = std::count_if(requests.begin(), requests.end(), [](const std::string& u) {
    return u.find("/p1/w") != std::string::npos && u.ends_with(".m4s");
  });
  EXPECT_GE(static_cast<size_t>(p1_media), kPeriod1Segments);
  EXPECT_EQ(p.events("period").size(), 2u);  // video and audio entered period 1
}

TEST(Periods, TheirSegmentsSitOnOnePresentationTimeline) {
  const auto content = content_of(kMpd);
  const auto& p1 = *content.presentation->periods[1].video;
  EXPECT_DOUBLE_EQ(p1.segment(0, 0).start_s(), kPeriod0S);  // (900000 − 900000) / 90000 after 20 s
  EXPECT_DOUBLE_EQ(p1.segment(0, kPeriod1Segments - 1).start_s(), kTotalS - 2);
  EXPECT_EQ(p1.segment_count(), kPeriod1Segments);
}

TEST(Periods, EventsAreLoggedWhenPlaybackReachesThem) {
  testing_support::ScratchDir dir("periods-events");
  VirtualPlayer p(content_of(kMpd));
  p.options.log_path = (dir / "log.jsonl").string();
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  ASSERT_TRUE(summary->startup_s.has_value());
  const auto events = p.events("mpd_event");
  ASSERT_EQ(events.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_DOUBLE_EQ(events[i]["start_s"].get<double>(), kEventS[i]);
    // No stall: position = session time − startup.
    EXPECT_NEAR(events[i]["t"].get<double>(), *summary->startup_s + kEventS[i], 1e-6);
    EXPECT_EQ(events[i]["scheme"], "urn:test:chapter");
  }
  EXPECT_EQ(events[0]["message"], "first");
  EXPECT_EQ(events[1]["message"], "second");
  EXPECT_EQ(events[1]["id"], 2);
  // The same lines are in the --log file.
  std::ifstream in(dir / "log.jsonl");
  std::string line;
  size_t in_file = 0;
  while (std::getline(in, line)) in_file += line.find("\"mpd_event\"") != std::string::npos;
  EXPECT_EQ(in_file, 2u);
}

TEST(Periods, ASeekIntoTheSecondPeriodStartsThereAndSkipsPassedEvents) {
  VirtualPlayer p(content_of(kMpd));
  p.actions.push_back({3.0, [](Session& s) { s.seek_to(27.5); }});
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  const auto seeks = p.events("seek");
  ASSERT_EQ(seeks.size(), 1u);
  EXPECT_DOUBLE_EQ(seeks[0]["position_s"].get<double>(), 26);  // the 2 s segment boundary before 27.5 s
  EXPECT_EQ(seeks[0]["period"], 1);
  const auto events = p.events("mpd_event");
  ASSERT_EQ(events.size(), 1u);  // 25 s was passed over
  EXPECT_DOUBLE_EQ(events[0]["start_s"].get<double>(), kEventS[1]);
  EXPECT_DOUBLE_EQ(summary->played_s, kTotalS);
}

TEST(Tracks, TheMainAudioTrackPlaysByDefault) {
  VirtualPlayer p(content_of(kMpd));
  ASSERT_TRUE(p.run().ok());
  const auto& requests = p.scripted->requests;
  EXPECT_GT(count_with(requests, "/p0/en/"), 0u);
  EXPECT_EQ(count_with(requests, "/p0/fr/"), 0u);
  EXPECT_GT(count_with(requests, "/p1/en-m/"), 0u);
  EXPECT_EQ(count_with(requests, "/p1/en-c/"), 0u);
}

TEST(Tracks, LangPicksTheAudioTrackAndKeepsToItsLanguageInLaterPeriods) {
  VirtualPlayer p(content_of(kMpd));
  p.options.lang = "fr";
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  const auto& requests = p.scripted->requests;
  EXPECT_EQ(count_with(requests, "/p0/fr/"), 1 + kPeriod0Segments);  // init + segments
  EXPECT_EQ(count_with(requests, "/p0/en/"), 0u);
  // Period 1 has no French: its main track plays.
  EXPECT_GT(count_with(requests, "/p1/en-m/"), 0u);
  for (const auto& r : p.segments("audio")) EXPECT_EQ(r.representation, r.period == 0 ? "fr" : "en-m");
}

TEST(Tracks, AudioRolePicksTheCommentaryWhereThereIsOne) {
  VirtualPlayer p(content_of(kMpd));
  p.options.audio_role = "commentary";
  ASSERT_TRUE(p.run().ok());
  const auto& requests = p.scripted->requests;
  EXPECT_GT(count_with(requests, "/p0/en/"), 0u);  // no commentary in period 0: main
  EXPECT_GT(count_with(requests, "/p1/en-c/"), 0u);
  EXPECT_EQ(count_with(requests, "/p1/en-m/"), 0u);
}

TEST(Tracks, TheNextAudioTrackFollowsWhatIsBufferedWithoutAGap) {
  constexpr double kSwitchS = 6;
  VirtualPlayer p(content_of(kMpd));
  p.options.max_buffer_s = 8;  // the switch is heard within two segments
  p.actions.push_back({kSwitchS, [](Session& s) { s.next_audio_track(); }});
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  EXPECT_EQ(summary->stalls, 0);
  ASSERT_EQ(p.events("audio_track").size(), 1u);
  EXPECT_EQ(p.events("audio_track")[0]["track"], "fr dub, mp4a.40.2");
  const auto audio = p.segments("audio");
  // English up to the switch, then French from the next segment on: each
  // segment of Period 0 exactly once, then Period 1's main track (no French there).
  size_t english = 0, french = 0;
  for (size_t i = 0; i < audio.size(); ++i) {
    if (audio[i].period == 0) {
      EXPECT_EQ(audio[i].index, i) << "a segment fetched twice or skipped";
      (audio[i].representation == "en" ? english : french) += 1;
      if (audio[i].representation == "en") {
        EXPECT_EQ(french, 0u) << "English after French";
      }
    } else {
      EXPECT_EQ(audio[i].representation, "en-m");
    }
  }
  EXPECT_EQ(english + french, kPeriod0Segments);
  EXPECT_GE(english, 1u);
  EXPECT_GE(french, 1u);
  EXPECT_NE(std::find(p.scripted->requests.begin(), p.scripted->requests.end(), "http://a.test/p/p0/fr/init.mp4"),
            p.scripted->requests.end());
}

}  // namespace
}  // namespace player
