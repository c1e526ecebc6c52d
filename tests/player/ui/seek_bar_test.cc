#include "player/ui/seek_bar.h"

#include <gtest/gtest.h>

namespace player {
namespace {

TEST(SeekBar, PlayedAndBufferedPartsScaleWithTheDuration) {
  // A 1000-pixel-wide track in a 1032 × 600 window.
  const auto g = seek_bar_geometry(1000 + 2 * kSeekBarMargin, 600, 25, 10, 100);
  EXPECT_EQ(g.track.x, kSeekBarMargin);
  EXPECT_EQ(g.track.w, 1000);
  EXPECT_EQ(g.track.y + g.track.h, 600 - kSeekBarMargin);
  EXPECT_EQ(g.played.w, 250);
  EXPECT_EQ(g.buffered.x, g.track.x + 250);
  EXPECT_EQ(g.buffered.w, 100);
}

TEST(SeekBar, TheBufferStopsAtTheEnd) {
  const auto g = seek_bar_geometry(1032, 600, 95, 30, 100);
  EXPECT_EQ(g.played.w + g.buffered.w, g.track.w);
  const auto none = seek_bar_geometry(1032, 600, 0, 0, 0);  // nothing known yet
  EXPECT_EQ(none.played.w, 0);
  EXPECT_EQ(none.buffered.w, 0);
}

TEST(SeekBar, AClickOnTheBarSeeksThereAndElsewhereNot) {
  const auto g = seek_bar_geometry(1032, 600, 0, 0, 200);
  const int y = g.track.y + g.track.h / 2;
  EXPECT_DOUBLE_EQ(seek_bar_target(g, g.track.x, y, 200).value(), 0);
  EXPECT_DOUBLE_EQ(seek_bar_target(g, g.track.x + 500, y, 200).value(), 100);
  EXPECT_TRUE(seek_bar_target(g, g.track.x + 500, g.track.y - kSeekBarHitSlop, 200).has_value());
  EXPECT_FALSE(seek_bar_target(g, g.track.x + 500, g.track.y - kSeekBarHitSlop - 1, 200).has_value());
  EXPECT_FALSE(seek_bar_target(g, g.track.x - 1, y, 200).has_value());
  EXPECT_FALSE(seek_bar_target(g, g.track.x + g.track.w, y, 200).has_value());
  EXPECT_FALSE(seek_bar_target(g, g.track.x + 10, y, 0).has_value());  // duration unknown
}

}  // namespace
}  // namespace player
