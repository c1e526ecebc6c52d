// The three video descriptions: good inputs, and malformed ones that must
// give an Error naming the problem.
#include <gtest/gtest.h>

#include "media/file_io.h"
#include "media/mpd/writer.h"
#include "media/segments_json.h"
#include "player/sim/pensieve_video.h"
#include "player/sim/sabre_movie.h"
#include "player/sim/video_source.h"
#include "support/process.h"

namespace sim {
namespace {

using testing_support::kShared;

TEST(PensieveVideo, ReadsTheReferenceVideo) {
  auto v = load_video(kShared + "/abr-reference/pensieve-envivio");
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_EQ(v.value().rungs(), 6u);
  EXPECT_EQ(v.value().rows(), 49u);
  EXPECT_EQ(v.value().segment_count, 48u);  // the partial 49th chunk is not played
  EXPECT_DOUBLE_EQ(v.value().bitrates_bps[5], 4300e3);
  ASSERT_EQ(v.value().resolutions.size(), 6u);
  EXPECT_EQ(v.value().resolutions[5], (abr::Resolution{1920, 1080}));
  // Bytes of chunks 1–48 of the 300 kbit/s rung (abr-reference/README.md).
  double bytes = 0;
  for (size_t i = 0; i < 48; ++i) bytes += v.value().size_bytes(i, 0);
  EXPECT_DOUBLE_EQ(bytes, 7291801);
}

TEST(PensieveVideo, OtherRungCountsGetTheirMeasuredRates) {
  // Two rungs, three chunks (the third not played): 1000 B and 2000 B per 4 s.
  auto v = pensieve_video_from_texts({"500\n500\n9\n", "1000\n1000\n9\n"}, {}, "two");
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_DOUBLE_EQ(v.value().bitrates_bps[0], 1000);
  EXPECT_DOUBLE_EQ(v.value().bitrates_bps[1], 2000);
  EXPECT_TRUE(v.value().resolutions.empty());
}

TEST(PensieveVideo, MalformedSizeFilesAreErrors) {
  EXPECT_FALSE(parse_pensieve_sizes("").ok());
  EXPECT_FALSE(parse_pensieve_sizes("12\nabc\n").ok());
  EXPECT_FALSE(parse_pensieve_sizes("12\n-5\n").ok());
  EXPECT_FALSE(parse_pensieve_sizes("0\n").ok());
  const auto bad = parse_pensieve_sizes("100\n1.5e3\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("line 2"), std::string::npos);
  EXPECT_FALSE(pensieve_video_from_texts({"1\n2\n3\n", "1\n2\n"}, {}, "x").ok());  // counts differ
  EXPECT_FALSE(pensieve_video_from_texts({"5\n"}, {}, "x").ok());                    // nothing to play
  EXPECT_FALSE(pensieve_video_from_texts({"2\n2\n2\n", "1\n1\n1\n"}, {}, "x").ok());  // not ascending
  PensieveVideoOptions wrong_ladder;
  wrong_ladder.ladder_bps = {1e6};
  EXPECT_FALSE(pensieve_video_from_texts({"1\n2\n3\n", "4\n5\n6\n"}, wrong_ladder, "x").ok());
  EXPECT_FALSE(pensieve_video_from_texts({}, {}, "x").ok());
}

TEST(SabreMovie, ReadsSizesInBits) {
  auto v = parse_sabre_movie(
      R"({"segment_duration_ms": 3000, "bitrates_kbps": [100, 200],
          "segment_sizes_bits": [[300000, 600000], [280000, 590000]]})",
      "m");
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_DOUBLE_EQ(v.value().segment_duration_s, 3);
  EXPECT_DOUBLE_EQ(v.value().bitrates_bps[1], 200e3);
  EXPECT_DOUBLE_EQ(v.value().size_bytes(1, 1), 590000 / 8.0);
  EXPECT_EQ(v.value().segment_count, 2u);
}

TEST(SabreMovie, ReadsTheSharedMovies) {
  for (const char* name : {"movie.json", "bbb.json", "bbb4k.json"}) {
    auto v = load_video(kShared + "/abr-reference/sabre/" + name);
    ASSERT_TRUE(v.ok()) << name << ": " << v.error();
    EXPECT_EQ(v.value().segment_count, 199u) << name;
  }
}

TEST(SabreMovie, MalformedInputsAreErrors) {
  const char* bad[] = {
      "",
      "[1, 2]",
      "{\"segment_duration_ms\": 3000",  // truncated
      R"({"bitrates_kbps": [1], "segment_sizes_bits": [[1], [1]]})",
      R"({"segment_duration_ms": 0, "bitrates_kbps": [1], "segment_sizes_bits": [[1], [1]]})",
      R"({"segment_duration_ms": 1000, "bitrates_kbps": [], "segment_sizes_bits": [[1], [1]]})",
      R"({"segment_duration_ms": 1000, "bitrates_kbps": [2, 1], "segment_sizes_bits": [[1, 2], [1, 2]]})",
      R"({"segment_duration_ms": 1000, "bitrates_kbps": [1, 2], "segment_sizes_bits": [[1, 2], [1]]})",
      R"({"segment_duration_ms": 1000, "bitrates_kbps": [1], "segment_sizes_bits": [[1], [-1]]})",
      R"({"segment_duration_ms": 1000, "bitrates_kbps": ["1"], "segment_sizes_bits": [[1], [1]]})",
      R"({"segment_duration_ms": 1000, "bitrates_kbps": [1], "segment_sizes_bits": [[1]]})",
  };
  for (const char* text : bad) EXPECT_FALSE(parse_sabre_movie(text, "bad").ok()) << text;
}

TEST(VideoSource, UnknownPathsAreErrors) {
  testing_support::ScratchDir dir("video_source");
  EXPECT_FALSE(load_video(dir / "missing").ok());
  EXPECT_FALSE(load_video(dir.path()).ok());  // empty directory
  ASSERT_TRUE(media::write_file_atomic(dir / "x.txt", "1\n").ok());
  EXPECT_FALSE(load_video(dir / "x.txt").ok());
}

// A packaged presentation: an MPD with a video set (listed highest first) and
// the segments.json the packager writes next to it.
TEST(PresentationVideo, LadderSizesAndPsnrFromMpdAndSegmentsJson) {
  testing_support::ScratchDir dir("presentation_video");
  media::Mpd mpd;
  mpd.profiles = "urn:mpeg:dash:profile:isoff-live:2011";
  mpd.min_buffer_time = std::chrono::seconds(2);
  media::Period period;
  media::AdaptationSet set;
  set.content_type = "video";
  for (auto [id, bw, w, h] : {std::tuple{"hi", 2000000u, 1280u, 720u}, std::tuple{"lo", 500000u, 640u, 360u}}) {
    media::Representation rep;
    rep.id = id;
    rep.bandwidth = bw;
    rep.common.width = w;
    rep.common.height = h;
    set.representations.push_back(rep);
  }
  period.adaptation_sets.push_back(set);
  mpd.periods.push_back(period);
  ASSERT_TRUE(media::write_mpd_file(mpd, dir / "manifest.mpd").ok());

  media::PresentationMetadata meta;
  for (auto [id, bytes, psnr] : {std::tuple{"lo", 250000u, 35.0}, std::tuple{"hi", 1000000u, 42.0}}) {
    media::RepresentationMetadata r;
    r.id = id;
    r.content_type = "video";
    for (uint64_t n = 1; n <= 3; ++n)
      r.segments.push_back({n, static_cast<double>(n - 1) * 4, 4.0, bytes + n, psnr + static_cast<double>(n), {}});
    meta.representations.push_back(r);
  }
  ASSERT_TRUE(media::write_segments_json_file(meta, dir / "segments.json").ok());

  for (const auto& path : {dir.path(), dir / "manifest.mpd"}) {
    auto v = load_video(path);
    ASSERT_TRUE(v.ok()) << v.error();
    ASSERT_EQ(v.value().rungs(), 2u);
    EXPECT_DOUBLE_EQ(v.value().bitrates_bps[0], 500000);
    EXPECT_EQ(v.value().resolutions[1], (abr::Resolution{1280, 720}));
    EXPECT_EQ(v.value().segment_count, 3u);
    EXPECT_DOUBLE_EQ(v.value().segment_duration_s, 4);
    EXPECT_DOUBLE_EQ(v.value().size_bytes(2, 1), 1000003);
    ASSERT_TRUE(v.value().has_quality());
    EXPECT_DOUBLE_EQ(v.value().quality_db[2 * 2 + 0], 38);
  }

  // A representation of the MPD missing from segments.json is an error.
  meta.representations.pop_back();
  ASSERT_TRUE(media::write_segments_json_file(meta, dir / "segments.json").ok());
  const auto missing = load_video(dir.path());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("'hi'"), std::string::npos);
}

}  // namespace
}  // namespace sim
