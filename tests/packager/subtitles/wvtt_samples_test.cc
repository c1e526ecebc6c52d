// WebVTT in MP4 samples tile each segment; cues crossing a boundary are
// carried in both segments; the WebVTT text writers.
#include "packager/subtitles/wvtt_samples.h"

#include <gtest/gtest.h>

#include "media/isobmff/boxes.h"
#include "packager/subtitles/webvtt_writer.h"

namespace packager::subtitles {
namespace {

constexpr uint32_t kTimescale = 90000;

// The payl texts of a sample's vttc boxes ("" for a vtte sample).
std::vector<std::string> texts(const TextSample& s) {
  std::vector<std::string> out;
  auto boxes = media::read_boxes(s.data);
  EXPECT_TRUE(boxes.ok());
  for (const auto& b : *boxes) {
    if (b.type == media::fourcc("vtte")) out.push_back("");
    if (b.type != media::fourcc("vttc")) continue;
    auto payl = media::find_child(b, media::fourcc("payl"));
    EXPECT_TRUE(payl.ok() && *payl);
    out.emplace_back(reinterpret_cast<const char*>((*payl)->payload.data()), (*payl)->payload.size());
  }
  return out;
}

TEST(WvttSamples, TileTheSegmentWithOverlapsAndGaps) {
  const std::vector<Cue> cues = {{500, 1500, "", "", "a"}, {1000, 2500, "", "", "b"}, {3000, 9000, "", "", "c"}};
  auto samples = wvtt_samples(cues, 0, ms_to_ticks(4000, kTimescale), kTimescale);
  ASSERT_EQ(samples.size(), 6u);
  const std::vector<std::vector<std::string>> expected = {{""}, {"a"}, {"a", "b"}, {"b"}, {""}, {"c"}};
  int64_t t = 0;
  for (size_t i = 0; i < samples.size(); ++i) {
    EXPECT_EQ(samples[i].start_ticks, t) << i;
    EXPECT_EQ(texts(samples[i]), expected[i]) << i;
    t += samples[i].duration_ticks;
  }
  EXPECT_EQ(t, ms_to_ticks(4000, kTimescale));
  // The next segment carries the rest of "c".
  auto next = wvtt_samples(cues, ms_to_ticks(4000, kTimescale), ms_to_ticks(8000, kTimescale), kTimescale);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(texts(next[0]), std::vector<std::string>{"c"});
  EXPECT_EQ(next[0].duration_ticks, ms_to_ticks(4000, kTimescale));
}

TEST(WvttSamples, EmptySegmentIsOneEmptyCue) {
  auto samples = wvtt_samples({}, 100, 200, kTimescale);
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_EQ(samples[0], (TextSample{100, 100, {0, 0, 0, 8, 'v', 't', 't', 'e'}}));
}

TEST(WebVttWriter, WholeFileAndSegments) {
  const std::vector<Cue> cues = {{500, 2500, "1", "", "Ça"}, {3000, 5000, "", "align:start", "b\nc"}};
  EXPECT_EQ(write_webvtt(cues),
            "WEBVTT\n\n1\n00:00:00.500 --> 00:00:02.500\nÇa\n\n00:00:03.000 --> 00:00:05.000 align:start\nb\nc\n");
  EXPECT_EQ(write_webvtt_segment(cues, 2000, 4000),
            "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n1\n00:00:00.500 --> 00:00:02.500\nÇa\n\n"
            "00:00:03.000 --> 00:00:05.000 align:start\nb\nc\n");
  EXPECT_EQ(write_webvtt_segment(cues, 5000, 6000), "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n");
}

}  // namespace
}  // namespace packager::subtitles
