// The manifest from written segments: timeline folding, measured bandwidth,
// both profiles, schema validity, segments.json.
#include "packager/manifest_builder.h"

#include <gtest/gtest.h>

#include "media/mpd/reader.h"
#include "media/mpd/segments.h"
#include "media/mpd/writer.h"
#include "packager/segments_metadata.h"
#include "support/process.h"

namespace packager {
namespace {

using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

std::vector<SegmentWritten> segments(const std::string& id, std::vector<int64_t> durations, uint64_t size_bytes) {
  std::vector<SegmentWritten> out;
  int64_t t = 0;
  uint64_t offset = 1000;
  for (size_t i = 0; i < durations.size(); ++i) {
    out.push_back({id, i + 1, t, durations[i], size_bytes + i, id + "-" + std::to_string(i + 1) + ".m4s", offset, 40.0 + double(i)});
    t += durations[i];
    offset += size_bytes + i;
  }
  return out;
}

PresentationDescription presentation(Profile profile) {
  PresentationDescription p;
  p.profile = profile;
  p.segment_duration_s = 4;
  for (int i = 0; i < 2; ++i) {
    RepresentationDescription v;
    v.id = "v" + std::to_string(i);
    v.codecs = "avc1.64001f";
    v.timescale = 90000;
    v.width = i ? 1280 : 640;
    v.height = i ? 720 : 360;
    v.frame_rate = "30000/1001";
    v.files = RepresentationFiles{v.id + "-init.mp4", v.id + "-$Number$.m4s", v.id + ".mp4", 700, 700, 799, "", 0};
    v.segments = segments(v.id, {360360, 359359, 360360, 90090}, i ? 1'500'000 : 400'000);
    p.representations.push_back(v);
  }
  RepresentationDescription a;
  a.id = "a0";
  a.kind = ContentKind::kAudio;
  a.codecs = "mp4a.40.2";
  a.timescale = 48000;
  a.sample_rate = 48000;
  a.channels = 2;
  a.files = RepresentationFiles{"a0-init.mp4", "a0-$Number$.m4s", "a0.mp4", 600, 600, 699, "", 0};
  a.segments = segments("a0", {192512, 191488, 192512, 48128}, 64'000);
  p.representations.push_back(a);
  return p;
}

TEST(ManifestBuilder, TimelineFoldsRepeatsAndMarksGaps) {
  auto t = build_timeline(segments("v", {100, 100, 100, 50, 50, 7}, 1));
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0], (media::TimelineEntry{0, 100, 2}));
  EXPECT_EQ(t[1], (media::TimelineEntry{std::nullopt, 50, 1}));
  EXPECT_EQ(t[2], (media::TimelineEntry{std::nullopt, 7, 0}));
  auto gap = segments("v", {100, 100}, 1);
  gap[1].start_ticks = 150;
  auto g = build_timeline(gap);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[1].t, 150u);
}

TEST(ManifestBuilder, BandwidthIsThePeakSegmentRate) {
  auto segs = segments("v", {360000, 360000, 90000}, 1'000'000);
  // Full segments: 8e6 bits / 4 s; the last (1 s) is measured over the nominal 4 s.
  EXPECT_EQ(peak_bandwidth_bps(segs, 90000, 4.0), 2'000'004u);
  segs[1].size_bytes = 3'000'000;
  EXPECT_EQ(peak_bandwidth_bps(segs, 90000, 4.0), 6'000'000u);
}

TEST(ManifestBuilder, LiveProfileResolvesToTheWrittenSegments) {
  auto mpd = build_manifest(presentation(Profile::kLive));
  ASSERT_TRUE(mpd.ok()) << mpd.error();
  EXPECT_EQ(mpd->profiles, kLiveProfile);
  EXPECT_EQ(mpd->type, "static");
  ASSERT_TRUE(mpd->media_presentation_duration);
  // The longest representation (here the audio) sets the duration.
  EXPECT_NEAR(mpd->media_presentation_duration->count() / 1e6, (192512 * 2 + 191488 + 48128) / 48000.0, 1e-5);
  EXPECT_EQ(mpd->min_buffer_time, media::Duration(4'000'000));
  const auto& sets = mpd->periods.at(0).adaptation_sets;
  ASSERT_EQ(sets.size(), 2u);
  EXPECT_EQ(sets[0].segment_alignment, true);
  EXPECT_EQ(sets[0].par, "16:9");
  ASSERT_TRUE(sets[0].segment_info.segment_template);  // shared timeline at the set
  auto rr = media::resolve_representation(*mpd, 0, 0, 1, "/out/manifest.mpd");
  ASSERT_TRUE(rr.ok()) << rr.error();
  ASSERT_EQ(rr->segments.size(), 4u);
  EXPECT_EQ(rr->segments[2].location.path, "v1-3.m4s");
  EXPECT_EQ(rr->segments[2].start_ticks, 360360u + 359359u);
  EXPECT_EQ(rr->initialization->path, "v1-init.mp4");
  EXPECT_EQ(sets[0].representations[1].common.frame_rate, "30000/1001");
  EXPECT_EQ(sets[1].representations[0].common.audio_channel_configuration.at(0).value, "2");
}

TEST(ManifestBuilder, OnDemandProfileUsesSegmentBase) {
  auto mpd = build_manifest(presentation(Profile::kOnDemand));
  ASSERT_TRUE(mpd.ok()) << mpd.error();
  EXPECT_EQ(mpd->profiles, kOnDemandProfile);
  const auto& set = mpd->periods.at(0).adaptation_sets.at(0);
  EXPECT_EQ(set.subsegment_alignment, true);
  const auto& rep = set.representations.at(0);
  ASSERT_TRUE(rep.segment_info.segment_base);
  EXPECT_EQ(rep.segment_info.segment_base->index_range, (media::ByteRange{700, 799}));
  EXPECT_EQ(rep.segment_info.segment_base->initialization->range, (media::ByteRange{0, 699}));
  EXPECT_EQ(rep.base_urls.at(0).url, "v0.mp4");
}

TEST(ManifestBuilder, BothProfilesValidateAgainstTheSchema) {
  ScratchDir dir("manifest-schema");
  const auto xsd = testing_support::shared_dir() / "dash-schema" / "DASH-MPD.xsd";
  for (Profile profile : {Profile::kLive, Profile::kOnDemand}) {
    auto mpd = build_manifest(presentation(profile));
    ASSERT_TRUE(mpd.ok());
    const auto path = dir / (profile == Profile::kLive ? "live.mpd" : "ondemand.mpd");
    ASSERT_TRUE(media::write_mpd_file(*mpd, path).ok());
    auto r = run_command("xmllint --noout --schema " + shell_quote(xsd.string()) + " " + shell_quote(path.string()));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    auto back = media::read_mpd_file(path);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, *mpd);
  }
}

TEST(ManifestBuilder, ContentProtectionIsSchemaValidAndReadsBack) {
  ScratchDir dir("manifest-protection");
  auto p = presentation(Profile::kLive);
  p.protection = ProtectionDescription{"cbcs", "01234567-89ab-cdef-0123-456789abcdef", "0123456789abcdef0123456789abcdef",
                                       "AAAANHBzc2g=", "https://keys.example/ck"};
  auto mpd = build_manifest(p);
  ASSERT_TRUE(mpd.ok());
  const auto& cp = mpd->periods[0].adaptation_sets[1].common.content_protection;
  ASSERT_EQ(cp.size(), 2u);
  EXPECT_EQ(cp[0].default_kid, "01234567-89ab-cdef-0123-456789abcdef");
  EXPECT_EQ(cp[1].laurl, "https://keys.example/ck");
  const auto path = dir / "protected.mpd";
  ASSERT_TRUE(media::write_mpd_file(*mpd, path).ok());
  const auto xsd = testing_support::shared_dir() / "dash-schema" / "DASH-MPD.xsd";
  auto r = run_command("xmllint --noout --schema " + shell_quote(xsd.string()) + " " + shell_quote(path.string()));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  auto back = media::read_mpd_file(path);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(*back, *mpd);
}

TEST(ManifestBuilder, RejectsEmptyRepresentations) {
  auto p = presentation(Profile::kLive);
  p.representations[0].segments.clear();
  EXPECT_FALSE(build_manifest(p).ok());
  EXPECT_FALSE(build_manifest(PresentationDescription{}).ok());
}

TEST(SegmentsMetadata, CarriesSizesDurationsAndPsnr) {
  auto meta = build_segments_metadata(presentation(Profile::kLive));
  ASSERT_EQ(meta.representations.size(), 3u);
  const auto* v1 = meta.find("v1");
  ASSERT_NE(v1, nullptr);
  EXPECT_EQ(v1->content_type, "video");
  EXPECT_EQ(v1->width, 1280u);
  ASSERT_EQ(v1->segments.size(), 4u);
  EXPECT_EQ(v1->segments[1].size_bytes, 1'500'001u);
  EXPECT_NEAR(v1->segments[1].duration_s, 359359 / 90000.0, 1e-9);
  EXPECT_NEAR(v1->segments[1].start_s, 360360 / 90000.0, 1e-9);
  EXPECT_EQ(v1->segments[1].psnr_db, 41.0);
  auto round = media::parse_segments_json(media::write_segments_json(meta));
  ASSERT_TRUE(round.ok()) << round.error();
  EXPECT_EQ(*round, meta);
}

}  // namespace
}  // namespace packager
