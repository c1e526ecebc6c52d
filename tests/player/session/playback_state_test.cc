#include "player/session/playback_state.h"

#include <gtest/gtest.h>

namespace player {
namespace {

constexpr double kDuration = 20;
constexpr double kStartup = 1;
constexpr double kRebuffer = 2;

PlaybackState two_streams() {
  PlaybackState s(kDuration, kStartup, kRebuffer);
  s.set_active(StreamKind::kVideo, true);
  s.set_active(StreamKind::kAudio, true);
  return s;
}

TEST(PlaybackState, StartsWhenEveryStreamHasTheStartupTarget) {
  PlaybackState s = two_streams();
  s.advance(0.0);
  s.append(StreamKind::kVideo, 4, 0.5);
  EXPECT_EQ(s.state(), PlayState::kStartup);  // audio still empty
  s.append(StreamKind::kAudio, 4, 0.8);
  EXPECT_EQ(s.state(), PlayState::kPlaying);
  ASSERT_TRUE(s.startup_delay_s());
  EXPECT_DOUBLE_EQ(*s.startup_delay_s(), 0.8);
}

TEST(PlaybackState, PositionFollowsTheClockAndStallsWhenDry) {
  PlaybackState s = two_streams();
  s.advance(0);
  s.append(StreamKind::kVideo, 4, 0);
  s.append(StreamKind::kAudio, 4, 0);
  s.advance(3);
  EXPECT_DOUBLE_EQ(s.position_s(), 3);
  EXPECT_DOUBLE_EQ(s.buffer_s(StreamKind::kVideo), 1);
  s.advance(5);  // ran dry at 4 s
  EXPECT_EQ(s.state(), PlayState::kStalled);
  EXPECT_DOUBLE_EQ(s.position_s(), 4);
  ASSERT_EQ(s.stalls().size(), 1u);
  s.append(StreamKind::kVideo, 8, 6);
  s.append(StreamKind::kAudio, 5, 6);  // audio has only 1 s: below the rebuffer target
  EXPECT_EQ(s.state(), PlayState::kStalled);
  s.append(StreamKind::kAudio, 8, 7);
  EXPECT_EQ(s.state(), PlayState::kPlaying);
  EXPECT_DOUBLE_EQ(s.stalls()[0].start_s, 4.0);     // when it ran dry, though the clock was read at 5 s
  EXPECT_DOUBLE_EQ(s.stalls()[0].duration_s, 3.0);  // 4 s → 7 s
  EXPECT_DOUBLE_EQ(s.total_stall_s(100), 3.0);
}

TEST(PlaybackState, EndsAtTheEndWithoutAStall) {
  PlaybackState s(8, kStartup, kRebuffer);
  s.set_active(StreamKind::kVideo, true);
  s.advance(0);
  s.append(StreamKind::kVideo, 8, 0);
  s.finish(StreamKind::kVideo, 0);
  s.advance(10);
  EXPECT_EQ(s.state(), PlayState::kEnded);
  EXPECT_DOUBLE_EQ(s.position_s(), 8);
  EXPECT_TRUE(s.stalls().empty());
}

TEST(PlaybackState, ShortLastSegmentNeedsNoFullTarget) {
  PlaybackState s(5, 4, 4);
  s.set_active(StreamKind::kVideo, true);
  s.advance(0);
  s.append(StreamKind::kVideo, 5, 0.2);  // whole presentation, shorter than the target? still starts
  EXPECT_EQ(s.state(), PlayState::kPlaying);
}

TEST(PlaybackState, FastModeJumpsAndNeverStalls) {
  PlaybackState s = two_streams();
  s.advance(0, true);
  s.append(StreamKind::kVideo, 4, 0);
  s.append(StreamKind::kAudio, 4, 0);
  s.advance(0.01, true);
  s.advance(0.02, true);
  EXPECT_DOUBLE_EQ(s.position_s(), 4);
  EXPECT_EQ(s.state(), PlayState::kPlaying);
  EXPECT_TRUE(s.stalls().empty());
}

TEST(PlaybackState, PauseFreezesPosition) {
  PlaybackState s = two_streams();
  s.advance(0);
  s.append(StreamKind::kVideo, 10, 0);
  s.append(StreamKind::kAudio, 10, 0);
  s.advance(1);
  s.pause(1);
  s.advance(5);
  EXPECT_DOUBLE_EQ(s.position_s(), 1);
  s.resume(5);
  s.advance(6);
  EXPECT_DOUBLE_EQ(s.position_s(), 2);
}

TEST(PlaybackState, SeekRebuffersWithoutCountingAStall) {
  PlaybackState s = two_streams();
  s.advance(0);
  s.append(StreamKind::kVideo, 8, 0);
  s.append(StreamKind::kAudio, 8, 0);
  s.advance(1);
  s.seek(12, 1);
  EXPECT_EQ(s.state(), PlayState::kStalled);
  EXPECT_DOUBLE_EQ(s.buffer_s(StreamKind::kVideo), 0);
  s.append(StreamKind::kVideo, 16, 2);
  s.append(StreamKind::kAudio, 16, 2);
  EXPECT_EQ(s.state(), PlayState::kPlaying);
  EXPECT_DOUBLE_EQ(s.position_s(), 12);
  EXPECT_TRUE(s.stalls().empty());
}

}  // namespace
}  // namespace player
