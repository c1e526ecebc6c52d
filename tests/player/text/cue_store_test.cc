// player/text/cue_store.h: the bounded, time-keyed store of shown cues.
#include "player/text/cue_store.h"

#include <gtest/gtest.h>

namespace player::text {
namespace {

TEST(CueStore, ActiveCuesAtATime) {
  CueStore store;
  store.add({{2000, 4000, "b", {}}, {1000, 3000, "a", {}}}, 0);
  EXPECT_TRUE(store.active_at(999).empty());
  EXPECT_EQ(store.active_at(2500), (std::vector<TextCue>{{1000, 3000, "a", {}}, {2000, 4000, "b", {}}}));
  EXPECT_EQ(store.active_at(3000), (std::vector<TextCue>{{2000, 4000, "b", {}}}));
  EXPECT_TRUE(store.active_at(4000).empty());
}

TEST(CueStore, DuplicatesAreHeldOnce) {
  CueStore store;
  store.add({{1000, 3000, "a", {}}}, 0);
  store.add({{1000, 3000, "a", {}}}, 0);
  EXPECT_EQ(store.size(), 1u);
}

TEST(CueStore, PiecesOfACueCutAtSegmentBoundariesAreJoined) {
  CueStore store;
  store.add({{1000, 2000, "spans", {}}}, 0);
  EXPECT_EQ(store.take_started(1500).size(), 1u);
  store.add({{2000, 2500, "spans", {}}, {2000, 2500, "other", {}}}, 0);
  EXPECT_EQ(store.active_at(2200), (std::vector<TextCue>{{1000, 2500, "spans", {}}, {2000, 2500, "other", {}}}));
  EXPECT_EQ(store.take_started(2200), (std::vector<TextCue>{{2000, 2500, "other", {}}}));  // "spans" was announced
  store.add({{500, 1000, "spans", {}}}, 0);  // an earlier piece (a seek back)
  EXPECT_EQ(store.active_at(600), (std::vector<TextCue>{{500, 2500, "spans", {}}}));
}

TEST(CueStore, AnnouncesEachCueOnceAndSkipsMissedOnes) {
  CueStore store;
  store.add({{1000, 2000, "missed", {}}, {2500, 4000, "shown", {}}, {5000, 6000, "later", {}}}, 0);
  EXPECT_EQ(store.next_start_after(0), 1000);
  EXPECT_EQ(store.take_started(3000), (std::vector<TextCue>{{2500, 4000, "shown", {}}}));
  EXPECT_TRUE(store.take_started(3500).empty());
  EXPECT_EQ(store.next_start_after(3500), 5000);
}

TEST(CueStore, DropsCuesFarBehindThePlayheadAndStaysBounded) {
  CueStore store;
  store.add({{0, 1000, "old", {}}}, 0);
  store.add({{60'000, 61'000, "new", {}}}, 60'000);
  EXPECT_EQ(store.size(), 1u);
  std::vector<TextCue> many;
  for (int64_t i = 0; i < int64_t(CueStore::kMaxCues) + 10; ++i) many.push_back({i * 10, i * 10 + 5, "c", {}});
  store.add(many, 0);
  EXPECT_EQ(store.size(), CueStore::kMaxCues);
}

}  // namespace
}  // namespace player::text
