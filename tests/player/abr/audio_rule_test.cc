#include "player/abr/audio_rule.h"

#include <gtest/gtest.h>

#include <vector>

namespace abr {
namespace {

const std::vector<double> kAudioLadder = {64e3, 128e3, 192e3};

TEST(AudioRule, TopRungBeforeAnyEstimate) {
  EXPECT_EQ(choose_audio_rung(kAudioLadder, 0).rung, 2u);
}

TEST(AudioRule, BestRungWithinTheShareOfTheEstimate) {
  // 15% of 1 Mbit/s = 150 kbit/s: 128 kbit/s fits, 192 does not.
  EXPECT_EQ(choose_audio_rung(kAudioLadder, 1e6).rung, 1u);
  EXPECT_EQ(choose_audio_rung(kAudioLadder, 10e6).rung, 2u);
}

TEST(AudioRule, LowestWhenNothingFits) {
  EXPECT_EQ(choose_audio_rung(kAudioLadder, 100e3).rung, 0u);
}

TEST(AudioRule, MonotoneInTheEstimate) {
  size_t last = 0;
  for (double e = 50e3; e < 20e6; e *= 1.3) {
    const size_t rung = choose_audio_rung(kAudioLadder, e).rung;
    EXPECT_GE(rung, last) << e;
    last = rung;
  }
}

TEST(AudioRule, ReasonNamesTheRate) {
  EXPECT_NE(choose_audio_rung(kAudioLadder, 1e6).reason.text().find("128"), std::string::npos);
}

}  // namespace
}  // namespace abr
