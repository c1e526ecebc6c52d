// player/text/stpp_cues.h: TTML documents as fMP4 samples.
#include "player/text/stpp_cues.h"

#include <gtest/gtest.h>

#include "text_fixtures.h"

namespace player::text {
namespace {

using namespace player_text_test;

std::string document(const std::string& paragraphs) {
  return R"(<tt xmlns="http://www.w3.org/ns/ttml"><body><div>)" + paragraphs + "</div></body></tt>";
}

TEST(StppCues, SampleDocumentsOnTheTrackTimeline) {
  // Two 2 s samples from 4 s; the second cue spans both and is clipped, then joined.
  const std::vector<TestSample> samples = {
      {2000, bytes_of(document("<p begin='4.5s' end='5s'>" + kGreeting + "</p><p begin='5.5s' end='7s'>both</p>"))},
      {2000, bytes_of(document("<p begin='5.5s' end='7s'>both</p>"))}};
  const auto seg = text_segment(4000, samples);
  auto cues = stpp_segment_cues(view(seg), 1000, std::nullopt);
  ASSERT_TRUE(cues.ok()) << cues.error();
  ASSERT_EQ(cues->size(), 2u) << ::testing::PrintToString(*cues);
  EXPECT_EQ((*cues)[0], (TextCue{4500, 5000, kGreeting, {}}));
  EXPECT_EQ((*cues)[1], (TextCue{5500, 7000, "both", {}}));
}

TEST(StppCues, ABadDocumentIsAnErrorNamingItsSample) {
  const auto seg = text_segment(0, {{1000, bytes_of("<tt><body>")}});
  auto cues = stpp_segment_cues(view(seg), 1000, std::nullopt);
  ASSERT_FALSE(cues.ok());
  EXPECT_NE(cues.error().message.find("stpp sample at 0 ms"), std::string::npos) << cues.error();
}

}  // namespace
}  // namespace player::text
