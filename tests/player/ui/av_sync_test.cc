#include "player/ui/av_sync.h"

#include <gtest/gtest.h>

namespace player {
namespace {

TEST(AvSync, WaitsForAnEarlyFrame) {
  SyncDecision d = decide_frame({1.00, 1.04}, 0.95);
  EXPECT_EQ(d.drop, 0u);
  EXPECT_FALSE(d.show);
}

TEST(AvSync, ShowsADueFrame) {
  SyncDecision d = decide_frame({1.00, 1.04}, 1.005);
  EXPECT_EQ(d.drop, 0u);
  EXPECT_TRUE(d.show);
}

TEST(AvSync, DropsLateFramesWhoseSuccessorIsDue) {
  // Clock at 1.10: 1.00 and 1.04 are late and superseded; 1.08 is shown.
  SyncDecision d = decide_frame({1.00, 1.04, 1.08, 1.12}, 1.10);
  EXPECT_EQ(d.drop, 2u);
  EXPECT_TRUE(d.show);
}

TEST(AvSync, SlightlyLateFrameIsStillShown) {
  SyncDecision d = decide_frame({1.00, 1.04}, 1.03);  // 30 ms late, successor not yet due
  EXPECT_EQ(d.drop, 0u);
  EXPECT_TRUE(d.show);
}

TEST(AvSync, UnrelatedClocksDoNotDropEverything) {
  SyncDecision d = decide_frame({100.0, 100.04}, 3.0);
  EXPECT_EQ(d.drop, 0u);
  EXPECT_TRUE(d.show);
}

TEST(AvSync, EmptyQueueShowsNothing) { EXPECT_FALSE(decide_frame({}, 1.0).show); }

}  // namespace
}  // namespace player
