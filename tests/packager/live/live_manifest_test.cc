// The live MPD: dynamic signalling (DASH-IF IOP), the time-shift window,
// segments listed only when every representation has them, low-latency
// chunk signalling, Periods after an outage, and the static MPD left at the
// end, which a player addresses from presentation time 0.
#include "packager/live/live_manifest.h"

#include <gtest/gtest.h>

#include "media/mpd/date_time.h"
#include "media/mpd/reader.h"
#include "media/mpd/segments.h"
#include "media/mpd/writer.h"
#include "support/process.h"

namespace packager {
namespace {

using testing_support::ScratchDir;

constexpr double kAstUnixS = 1714557600.0;  // 2024-05-01T10:00:00Z
constexpr int64_t kVideoSegmentTicks = 180000;  // 2 s at 90 kHz
constexpr int64_t kAudioSegmentTicks = 96000;   // 2 s at 48 kHz

PresentationDescription ladder() {
  PresentationDescription p;
  p.segment_duration_s = 2;
  RepresentationDescription v;
  v.id = "v0";
  v.codecs = "avc1.64001f";
  v.timescale = 90000;
  v.width = 640;
  v.height = 360;
  v.frame_rate = "30";
  RepresentationDescription a;
  a.id = "a0";
  a.kind = ContentKind::kAudio;
  a.codecs = "mp4a.40.2";
  a.timescale = 48000;
  a.sample_rate = 48000;
  a.channels = 2;
  p.representations = {v, a};
  return p;
}

SegmentWritten segment(const std::string& rep, uint64_t number, int64_t index_in_period, bool complete = true) {
  const bool video = rep[0] == 'v';
  const int64_t d = video ? kVideoSegmentTicks : kAudioSegmentTicks;
  SegmentWritten s;
  s.rep_id = rep;
  s.index = number;
  s.start_ticks = index_in_period * d;
  s.duration_ticks = d;
  s.size_bytes = complete ? 100'000 : 0;
  s.path = rep + "-" + std::to_string(number) + ".m4s";
  return s;
}

// Segment `number` of both representations, `index_in_period` in its Period.
void add_video_and_audio(LiveManifest& m, uint64_t number, int64_t index_in_period) {
  m.add_segment(segment("v0", number, index_in_period));
  m.add_segment(segment("a0", number, index_in_period));
}

LiveManifestSettings manifest_settings() {
  LiveManifestSettings s;
  s.segment_duration_s = 2;
  s.time_shift_buffer_s = 6;
  s.target_latency_s = 3;
  return s;
}

const std::map<std::string, uint64_t> kNominal{{"v0", 1'000'000}, {"a0", 128'000}};

void expect_schema_valid(const media::Mpd& mpd, const std::string& name) {
  ScratchDir dir("live-manifest-" + name);
  const auto path = dir / "manifest.mpd";
  ASSERT_TRUE(media::write_mpd_file(mpd, path).ok());
  auto xsd = testing_support::shared_dir() / "dash-schema" / "DASH-MPD.xsd";
  auto r = testing_support::run_command("xmllint --noout --schema " + testing_support::shell_quote(xsd.string()) +
                                        " " + testing_support::shell_quote(path.string()));
  EXPECT_EQ(r.exit_code, 0) << r.output << media::write_mpd(mpd);
}

TEST(LiveManifest, DynamicMpdCarriesTheLiveSignallingAndTheWindow) {
  LiveManifest m(manifest_settings());
  EXPECT_FALSE(m.has_segments());
  m.begin_period(kAstUnixS, 1, ladder(), kNominal);
  for (uint64_t n = 1; n <= 5; ++n) {
    ASSERT_TRUE(m.add_segment(segment("v0", n, int64_t(n) - 1)));
    ASSERT_TRUE(m.add_segment(segment("a0", n, int64_t(n) - 1)));
  }
  EXPECT_FALSE(m.add_segment(segment("v9", 1, 0)));
  EXPECT_DOUBLE_EQ(m.live_edge_s(), 10.0);
  // 6 s window behind the 10 s edge: segment 1 (ends at 2 s) goes.
  auto expired = m.trim();
  ASSERT_EQ(expired.size(), 2u);
  EXPECT_EQ(expired[0].path, "v0-1.m4s");
  EXPECT_DOUBLE_EQ(expired[0].end_s, 2.0);

  auto mpd = m.dynamic_mpd(kAstUnixS + 10.2);
  ASSERT_TRUE(mpd.ok()) << mpd.error();
  EXPECT_TRUE(mpd->is_dynamic());
  EXPECT_EQ(mpd->availability_start_time, "2024-05-01T10:00:00.000Z");
  EXPECT_EQ(mpd->publish_time, "2024-05-01T10:00:10.200Z");
  EXPECT_FALSE(mpd->media_presentation_duration);
  EXPECT_EQ(mpd->minimum_update_period, std::chrono::seconds(2));
  EXPECT_EQ(mpd->time_shift_buffer_depth, std::chrono::seconds(6));
  EXPECT_EQ(mpd->suggested_presentation_delay, std::chrono::seconds(3));
  ASSERT_EQ(mpd->service_descriptions.size(), 1u);
  EXPECT_EQ(mpd->service_descriptions[0].latency_target_ms, 3000u);
  EXPECT_EQ(mpd->service_descriptions[0].playback_rate_max, kPlaybackRateMax);
  ASSERT_EQ(mpd->utc_timing.size(), 1u);
  EXPECT_EQ(mpd->utc_timing[0].scheme_id_uri, kUtcTimingXsdate);
  EXPECT_EQ(mpd->utc_timing[0].value, "/_time");
  ASSERT_EQ(mpd->periods.size(), 1u);
  const auto& video = mpd->periods[0].adaptation_sets.at(0);
  ASSERT_TRUE(video.segment_info.segment_template);
  const auto& t = *video.segment_info.segment_template;
  EXPECT_EQ(t.start_number, 2u);
  EXPECT_EQ(t.initialization_template, "$RepresentationID$-p0-init.mp4");
  ASSERT_TRUE(t.timeline);
  EXPECT_EQ(t.timeline->front(), (media::TimelineEntry{uint64_t(kVideoSegmentTicks), uint64_t(kVideoSegmentTicks), 3}));
  EXPECT_FALSE(t.availability_time_offset_s);
  ASSERT_EQ(video.common.producer_reference_times.size(), 1u);
  EXPECT_EQ(video.common.producer_reference_times[0].wall_clock_time, "2024-05-01T10:00:00.000Z");
  ASSERT_TRUE(video.common.producer_reference_times[0].utc_timing);
  EXPECT_EQ(video.common.producer_reference_times[0].utc_timing->scheme_id_uri, kUtcTimingXsdate);
  // 100 kB per 2 s is 400 kbit/s, below the nominal 1 Mbit/s.
  EXPECT_EQ(video.representations.at(0).bandwidth, 1'000'000u);
  expect_schema_valid(*mpd, "dynamic");
}

TEST(LiveManifest, ASegmentIsListedOnceEveryRepresentationHasIt) {
  LiveManifest m(manifest_settings());
  m.begin_period(kAstUnixS, 1, ladder(), kNominal);
  m.add_segment(segment("v0", 1, 0));
  EXPECT_FALSE(m.has_segments());
  m.add_segment(segment("a0", 1, 0));
  m.add_segment(segment("v0", 2, 1));  // audio 2 not there yet
  auto mpd = m.dynamic_mpd(kAstUnixS + 4);
  ASSERT_TRUE(mpd.ok()) << mpd.error();
  const auto& t = *mpd->periods[0].adaptation_sets[0].segment_info.segment_template;
  ASSERT_TRUE(t.timeline);
  EXPECT_EQ(t.timeline->size(), 1u);
  EXPECT_EQ(t.timeline->front().r, 0);
  EXPECT_DOUBLE_EQ(m.live_edge_s(), 2.0);
}

TEST(LiveManifest, ChunkedNumberTemplateSignalsAvailabilityTimeOffset) {
  LiveManifestSettings s = manifest_settings();
  s.chunk_duration_s = 0.5;
  s.number_template = true;
  s.target_latency_s = 1;
  LiveManifest m(s);
  m.begin_period(kAstUnixS, 1, ladder(), kNominal);
  // Announced (growing) segments are listed: they can be fetched while they grow.
  m.add_segment(segment("v0", 1, 0, false));
  m.add_segment(segment("a0", 1, 0, false));
  ASSERT_TRUE(m.has_segments());
  auto mpd = m.dynamic_mpd(kAstUnixS + 0.6);
  ASSERT_TRUE(mpd.ok()) << mpd.error();
  for (const auto& set : mpd->periods[0].adaptation_sets) {
    ASSERT_TRUE(set.segment_info.segment_template);
    const auto& t = *set.segment_info.segment_template;
    EXPECT_FALSE(t.timeline);
    EXPECT_EQ(t.duration, 2 * *t.timescale);
    EXPECT_EQ(t.start_number, 1u);
    EXPECT_EQ(t.availability_time_offset_s, 1.5);
    EXPECT_EQ(t.availability_time_complete, false);
    // No complete segment yet: @bandwidth is the nominal one, never 0.
    EXPECT_EQ(set.representations[0].bandwidth, kNominal.at(set.representations[0].id));
  }
  EXPECT_EQ(mpd->min_buffer_time, std::chrono::milliseconds(500));
  EXPECT_EQ(mpd->minimum_update_period, std::chrono::seconds(2)) << "$Number$: nothing to look up between segments";
  EXPECT_EQ(mpd->service_descriptions[0].latency_target_ms, 1000u);
  expect_schema_valid(*mpd, "chunked");
  // The static MPD lists complete segments only.
  EXPECT_FALSE(m.static_mpd().ok());
}

// $Number$ across an outage: the closed Period says where its media ended
// (@endNumber), so a player addresses segments 1–4 there, not the ten its
// 20 s imply, whose numbers 5–10 are the next Period's files.
TEST(LiveManifest, ANumberTemplatePeriodClosedByAnOutageEndsAtItsLastSegment) {
  LiveManifestSettings s = manifest_settings();
  s.number_template = true;
  s.time_shift_buffer_s = 60;
  LiveManifest m(s);
  m.begin_period(kAstUnixS, 1, ladder(), kNominal);
  for (uint64_t n = 1; n <= 4; ++n) {
    add_video_and_audio(m, n, int64_t(n) - 1);
  }
  m.begin_period(kAstUnixS + 20, 5, ladder(), kNominal);
  add_video_and_audio(m, 5, 0);
  auto dynamic = m.dynamic_mpd(kAstUnixS + 22);
  ASSERT_TRUE(dynamic.ok()) << dynamic.error();
  ASSERT_EQ(dynamic->periods.size(), 2u);
  expect_schema_valid(*dynamic, "number-outage");
  auto parsed = media::parse_mpd(media::write_mpd(*dynamic));
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  for (size_t set = 0; set < 2; ++set) {
    auto closed = media::resolve_representation(*parsed, 0, set, 0, "http://o/live/manifest.mpd");
    ASSERT_TRUE(closed.ok()) << closed.error();
    ASSERT_EQ(closed->segments.size(), 4u);
    EXPECT_EQ(closed->segments.back().number, 4u);
    EXPECT_NEAR(closed->segments.back().start_s() + closed->segments.back().duration_s(), 8, 1e-9);
    // The open Period has no end yet.
    EXPECT_FALSE(parsed->periods[1].adaptation_sets[set].segment_info.segment_template->end_number);
  }
}

TEST(LiveManifest, AnOutageStartsAPeriodAndTheStaticMpdReplaysFromZero) {
  LiveManifest m(manifest_settings());
  m.begin_period(kAstUnixS, 1, ladder(), kNominal);
  for (uint64_t n = 1; n <= 4; ++n) {
    add_video_and_audio(m, n, int64_t(n) - 1);
  }
  // The input came back 20 s after the AST; numbering goes on.
  m.begin_period(kAstUnixS + 20, 5, ladder(), kNominal);
  for (uint64_t n = 5; n <= 6; ++n) {
    add_video_and_audio(m, n, int64_t(n) - 5);
  }
  m.add_segment(segment("v0", 7, 2, false));  // growing: not in the static MPD
  EXPECT_DOUBLE_EQ(m.live_edge_s(), 24.0);
  m.trim();  // keeps 18..24 s: all of the new Period, none of the old
  auto dynamic = m.dynamic_mpd(kAstUnixS + 24);
  ASSERT_TRUE(dynamic.ok()) << dynamic.error();
  ASSERT_EQ(dynamic->periods.size(), 1u);
  EXPECT_EQ(dynamic->periods[0].id, "p1");
  EXPECT_EQ(dynamic->periods[0].start, std::chrono::seconds(20));
  EXPECT_EQ(dynamic->periods[0].adaptation_sets[0].segment_info.segment_template->initialization_template,
            "$RepresentationID$-p1-init.mp4");
  expect_schema_valid(*dynamic, "period");

  // Without trimming both Periods stay; the static MPD puts them back to back.
  LiveManifestSettings five = manifest_settings();
  five.time_shift_buffer_s = 5;
  LiveManifest whole(five);
  whole.begin_period(kAstUnixS, 1, ladder(), kNominal);
  for (uint64_t n = 1; n <= 4; ++n) {
    add_video_and_audio(whole, n, int64_t(n) - 1);
  }
  whole.trim();  // edge 8 s, window 5 s: segment 1 goes, so the replay starts at segment 2
  whole.begin_period(kAstUnixS + 20, 5, ladder(), kNominal);
  for (uint64_t n = 5; n <= 6; ++n) {
    add_video_and_audio(whole, n, int64_t(n) - 5);
  }
  auto vod = whole.static_mpd();
  ASSERT_TRUE(vod.ok()) << vod.error();
  EXPECT_FALSE(vod->is_dynamic());
  EXPECT_EQ(vod->media_presentation_duration, std::chrono::seconds(10));
  ASSERT_EQ(vod->periods.size(), 2u);
  EXPECT_EQ(vod->periods[0].start, std::chrono::seconds(0));
  EXPECT_EQ(vod->periods[1].start, std::chrono::seconds(6));
  EXPECT_TRUE(vod->service_descriptions.empty());
  expect_schema_valid(*vod, "static");
  // A player's addressing of the static MPD: contiguous from 0, the right files.
  auto text = media::write_mpd(*vod);
  auto parsed = media::parse_mpd(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  double expected_s = 0;
  std::vector<std::string> paths;
  for (size_t p = 0; p < 2; ++p) {
    auto rep = media::resolve_representation(*parsed, p, 0, 0, "http://host/live/manifest.mpd");
    ASSERT_TRUE(rep.ok()) << rep.error();
    for (const auto& s : rep->segments) {
      EXPECT_NEAR(s.start_s(), expected_s, 1e-9);
      expected_s += s.duration_s();
      paths.push_back(s.location.path);
    }
    EXPECT_EQ(rep->initialization->path, "v0-p" + std::to_string(p) + "-init.mp4");
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"v0-2.m4s", "v0-3.m4s", "v0-4.m4s", "v0-5.m4s", "v0-6.m4s"}));
}

}  // namespace
}  // namespace packager
