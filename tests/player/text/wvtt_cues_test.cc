// player/text/wvtt_cues.h and fragment_samples.h: wvtt segments as the
// packager writes them (its wvtt_samples and fragment writer) read back.
#include "player/text/wvtt_cues.h"

#include <gtest/gtest.h>

#include "packager/subtitles/wvtt_samples.h"
#include "player/text/fragment_samples.h"
#include "tests/media/box_builder.h"
#include "text_fixtures.h"

namespace player::text {
namespace {

using namespace player_text_test;

constexpr uint32_t kTimescale = 1000;

// A wvtt segment [start, end) ms of `cues`, as dash-package cuts it.
std::vector<uint8_t> packaged_segment(const std::vector<packager::subtitles::Cue>& cues, int64_t start_ms,
                                      int64_t end_ms) {
  std::vector<TestSample> samples;
  for (auto& s : packager::subtitles::wvtt_samples(cues, start_ms, end_ms, kTimescale))
    samples.push_back({static_cast<uint32_t>(s.duration_ticks), s.data});
  return text_segment(static_cast<uint64_t>(start_ms), samples);
}

TEST(WvttCues, ReadsPackagedCuesWithTheirTimes) {
  const std::vector<packager::subtitles::Cue> cues = {{1000, 2500, "id1", "align:start", "<b>" + kGreeting + "</b>\nline 2"},
                                                      {2000, 3000, "", "", "overlap"}};
  auto init = media::parse_init_segment(view(text_init(kTimescale)));
  ASSERT_TRUE(init.ok()) << init.error();
  EXPECT_EQ(init->timescale, kTimescale);
  const auto seg = packaged_segment(cues, 0, 4000);
  auto out = wvtt_segment_cues(view(seg), init->timescale, init->defaults);
  ASSERT_TRUE(out.ok()) << out.error();
  ASSERT_EQ(out->size(), 2u) << ::testing::PrintToString(*out);
  // The first cue is split at 2000 ms (the second starts there) and joined again.
  EXPECT_EQ((*out)[0], (TextCue{1000, 2500, kGreeting + "\nline 2", CueStyle{false, true, std::nullopt}}));
  EXPECT_EQ((*out)[1], (TextCue{2000, 3000, "overlap", {}}));
}

TEST(WvttCues, SegmentTimesComeFromTfdt) {
  const std::vector<packager::subtitles::Cue> cues = {{61'000, 62'000, "", "", "a minute in"}};
  const auto seg = packaged_segment(cues, 60'000, 64'000);
  auto out = wvtt_segment_cues(view(seg), kTimescale, std::nullopt);
  ASSERT_TRUE(out.ok()) << out.error();
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].start_ms, 61'000);
  EXPECT_EQ((*out)[0].end_ms, 62'000);
}

TEST(WvttCues, EmptySamplesGiveNoCues) {
  const auto seg = packaged_segment({}, 0, 4000);
  auto out = wvtt_segment_cues(view(seg), kTimescale, std::nullopt);
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_TRUE(out->empty());
}

TEST(WvttCues, TruncatedAndMalformedSegmentsAreErrors) {
  const auto seg = packaged_segment({{0, 1000, "", "", "x"}}, 0, 2000);
  for (size_t cut : {size_t{0}, size_t{7}, size_t{30}, seg.size() / 2, seg.size() - 1}) {
    std::vector<uint8_t> part(seg.begin(), seg.begin() + static_cast<long>(cut));
    EXPECT_FALSE(wvtt_segment_cues(view(part), kTimescale, std::nullopt).ok()) << "cut at " << cut;
  }
  EXPECT_FALSE(wvtt_segment_cues(view(seg), 0, std::nullopt).ok());  // timescale 0
  // A sample whose payl box overruns the sample.
  media::test::BoxWriter bad;
  bad.box("vttc", {0, 0, 0, 50, 'p', 'a', 'y', 'l', 'x'});
  EXPECT_FALSE(wvtt_sample_texts(view(bad.bytes())).ok());
}

TEST(FragmentSamples, SampleOutsideTheSegmentIsAnError) {
  std::vector<packager::mp4::FragmentSample> meta = {{1000, 10, 0, true}};  // 1000 bytes promised
  std::vector<uint8_t> seg = packager::mp4::build_fragment_header(1, 1, 0, meta, false);
  seg[seg.size() - 5] = 18;  // the mdat (its header ends the bytes) holds 10 bytes, not 1000
  seg[seg.size() - 6] = 0;
  seg.resize(seg.size() + 10);
  auto out = fragment_samples(view(seg), std::nullopt);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().message.find("outside the segment"), std::string::npos) << out.error();
}

TEST(WvttCues, TicksToMsDoesNotOverflow) {
  EXPECT_EQ(ticks_to_ms(90'000, 90'000), 1000);
  EXPECT_EQ(ticks_to_ms(int64_t{1} << 50, 1 << 20), (int64_t{1} << 30) * 1000);
}

}  // namespace
}  // namespace player::text
