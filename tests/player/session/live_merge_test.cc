// Refreshing a live presentation across an input outage: the refresh that
// shows the new Period appends it (the earlier Period's end becomes known,
// nothing the loaders point at moves), later ones grow both, and the final
// static MPD, which replays the Periods back to back, is put back on the
// live timeline. Pure: MPD texts from LiveContent at chosen virtual times.
#include <gtest/gtest.h>

#include <cmath>

#include "player/net/http_fetcher.h"
#include "player/session/live_merge.h"
#include "tests/player/session/live_content.h"

namespace player::testing {
namespace {

constexpr double kMergeRunningS = 60;          // LiveSpec default: the stream began 60 s before virtual time 0
constexpr double kSecondStartS = 72;      // the outage ends at 12 s: p1 starts at 60 + 12
constexpr size_t kRungs = 3;              // LiveSpec default ladder

LiveSpec outage_spec() {
  LiveSpec spec;
  spec.outage = LiveSpec::Outage{5, 12};  // p0's media ends at 65 s
  return spec;
}

// The Presentation built from LiveContent's MPD at virtual time `t_s`.
Presentation presentation_at(const LiveSpec& spec, double t_s) {
  media::ManualClock clock;
  clock.set(t_s);
  LiveContent content(spec, clock);
  PresentationOptions options;
  options.wall_clock_unix_s = [&] { return content.wall_s(); };
  FileFetcher unused;
  auto p = build_presentation(unused, content.mpd_text(), content.mpd_url(), options);
  EXPECT_TRUE(p.ok()) << p.error().message;
  return p.ok() ? std::move(p).value() : Presentation{};
}

const media::SegmentRef& last_segment(const StreamInfo& s) { return s.segment(0, s.segment_count() - 1); }

TEST(LiveMerge, ARefreshThatShowsANewPeriodAppendsItAndEndsTheOneBefore) {
  Presentation live = presentation_at(outage_spec(), 10);  // during the outage: p0 alone, open-ended
  ASSERT_EQ(live.periods.size(), 1u);
  ASSERT_TRUE(std::isinf(live.periods[0].duration_s));
  const PeriodStreams* p0 = &live.periods[0];
  const StreamInfo* v0 = &*live.periods[0].video;
  const size_t p0_segments = v0->segment_count();

  Presentation fresh = presentation_at(outage_spec(), 20);
  ASSERT_EQ(fresh.periods.size(), 2u);
  const LiveMerge m = merge_live_update(live, fresh);
  EXPECT_EQ(m.new_periods, 1u);
  EXPECT_EQ(m.added, 0u) << "p0 was complete already";
  EXPECT_FALSE(m.ended);
  ASSERT_EQ(live.periods.size(), 2u);
  // What loaders point at stays where it was.
  EXPECT_EQ(&live.periods[0], p0);
  EXPECT_EQ(&*live.periods[0].video, v0);
  EXPECT_EQ(v0->segment_count(), p0_segments);
  // p0 ends where p1 begins; p1 grows.
  EXPECT_DOUBLE_EQ(live.periods[0].end_s(), kSecondStartS);
  const PeriodStreams& p1 = live.periods[1];
  EXPECT_EQ(p1.id, "p1");
  EXPECT_EQ(p1.index, 1u);
  EXPECT_DOUBLE_EQ(p1.start_s, kSecondStartS);
  EXPECT_TRUE(std::isinf(p1.duration_s));
  ASSERT_TRUE(p1.video);
  EXPECT_EQ(p1.video->period, 1u);
  ASSERT_EQ(p1.video->segment_count(), 8u);  // 72..80 s
  EXPECT_DOUBLE_EQ(p1.video->segment(0, 0).start_s(), kSecondStartS);
  EXPECT_EQ(p1.video->segment(0, 0).number, last_segment(*v0).number + 1);
  // Its Representations point into the refreshed MPD, which the presentation keeps.
  EXPECT_EQ(live.refreshed_mpds.size(), 1u);
  EXPECT_EQ(p1.video->representations[0].representation->id, "v0");
  EXPECT_EQ(p1.video->sizes_bytes.size(), p1.video->segment_count() * kRungs);
}

TEST(LiveMerge, LaterRefreshesGrowTheLastPeriodOnly) {
  Presentation live = presentation_at(outage_spec(), 20);
  ASSERT_EQ(live.periods.size(), 2u);
  const size_t p0_segments = live.periods[0].video->segment_count();
  Presentation fresh = presentation_at(outage_spec(), 25);
  const LiveMerge m = merge_live_update(live, fresh);
  EXPECT_EQ(m.new_periods, 0u);
  EXPECT_EQ(m.added, 5u * kRungs);
  EXPECT_EQ(live.periods[0].video->segment_count(), p0_segments);
  ASSERT_EQ(live.periods[1].video->segment_count(), 13u);
  EXPECT_DOUBLE_EQ(last_segment(*live.periods[1].video).start_s(), kSecondStartS + 12);
  EXPECT_TRUE(live.refreshed_mpds.empty());
}

TEST(LiveMerge, PeriodsWithoutIdsAreMatchedByStart) {
  Presentation live = presentation_at(outage_spec(), 20);
  Presentation fresh = presentation_at(outage_spec(), 25);
  for (auto* p : {&live, &fresh})
    for (auto& period : p->periods) period.id.clear();
  const LiveMerge m = merge_live_update(live, fresh);
  EXPECT_EQ(m.new_periods, 0u);
  EXPECT_EQ(m.added, 5u * kRungs);
}

TEST(LiveMerge, TheFinalStaticMpdIsPutBackOnTheLiveTimeline) {
  LiveSpec spec = outage_spec();
  spec.ends_at_s = 25;
  Presentation live = presentation_at(spec, 20);
  ASSERT_EQ(live.periods.size(), 2u);
  const double p0_first_s = live.periods[0].video->segment(0, 0).start_s();
  Presentation final_mpd = presentation_at(spec, 26);
  ASSERT_FALSE(final_mpd.live);
  ASSERT_EQ(final_mpd.periods.size(), 2u);
  // The replay has no outage: p1 follows p0's media at once.
  ASSERT_LT(final_mpd.periods[1].start_s, kSecondStartS - 1);
  const LiveMerge m = merge_live_update(live, final_mpd);
  EXPECT_TRUE(m.ended);
  EXPECT_TRUE(live.live->ended);
  EXPECT_EQ(m.new_periods, 0u);
  EXPECT_EQ(m.added, 5u * kRungs);
  // The segments the live MPD did not list yet continue p1 on the live timeline.
  const StreamInfo& v1 = *live.periods[1].video;
  ASSERT_EQ(v1.segment_count(), 13u);
  for (size_t i = 1; i < v1.segment_count(); ++i) {
    EXPECT_DOUBLE_EQ(v1.segment(0, i).start_s(), v1.segment(0, i - 1).start_s() + 1) << i;
    EXPECT_EQ(v1.segment(0, i).number, v1.segment(0, i - 1).number + 1) << i;
  }
  EXPECT_DOUBLE_EQ(live.periods[0].video->segment(0, 0).start_s(), p0_first_s);
  EXPECT_DOUBLE_EQ(live.periods[0].end_s(), kSecondStartS);
}

TEST(LiveMerge, APeriodOlderThanTheLastKnownIsNotAppended) {
  // p0 had left the player's window at load; the MPD still lists it.
  Presentation live = presentation_at(outage_spec(), 20);
  live.periods.pop_front();  // as if p0 had been left out
  live.periods[0].index = 0;
  Presentation fresh = presentation_at(outage_spec(), 25);
  const LiveMerge m = merge_live_update(live, fresh);
  EXPECT_EQ(m.new_periods, 0u);
  EXPECT_EQ(live.periods.size(), 1u);
  EXPECT_EQ(live.periods[0].id, "p1");
}

}  // namespace
}  // namespace player::testing
