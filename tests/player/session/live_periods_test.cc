// The real Session on a live presentation whose input goes away and comes
// back (a second Period, as the packager writes it), in virtual time: the
// player must learn of the new Period by a refresh, move on into it, carry
// the playback position across the time the input was away, hold the edge
// afterwards, seek back across the boundary and return, and end cleanly on
// the final static MPD of two Periods.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/player/session/live_player.h"

namespace player::testing {
namespace {

constexpr double kPeriodsTargetS = 3;   // LiveSpec default Latency@target
constexpr double kPeriodsSegmentS = 1;  // LiveSpec default
constexpr double kPeriodsRunningS = 60;

LiveSpec spec_with_outage(double from_s, double to_s) {
  LiveSpec spec;
  spec.outage = LiveSpec::Outage{from_s, to_s};
  return spec;
}

size_t segments_in(const std::vector<SegmentRecord>& segs, size_t period) {
  size_t n = 0;
  for (const auto& r : segs) n += r.period == period && r.stream == "video";
  return n;
}

double longest_stall_s(const LivePlayer& p) {
  double longest = 0;
  for (const auto& e : p.events("stall_end")) longest = std::max(longest, e["duration_s"].get<double>());
  return longest;
}

TEST(LivePeriods, PlaysOnIntoTheNewPeriodAfterAnOutage) {
  constexpr double kAwayS = 10;  // the input is away from 10 s to 20 s
  LivePlayer p(spec_with_outage(10, 10 + kAwayS));
  auto s = p.run(45);
  ASSERT_TRUE(s.ok()) << s.error().message;
  if (std::getenv("LIVE_DEBUG")) p.dump(*s);
  const auto segs = p.segments();
  EXPECT_GT(segments_in(segs, 0), 5u);
  EXPECT_GT(segments_in(segs, 1), 15u) << "25 s of the second Period";
  // The loader says where it went.
  bool entered = false;
  for (const auto& e : p.events("period")) entered |= e["period"].get<size_t>() == 1 && e["stream"] == "video";
  EXPECT_TRUE(entered);
  EXPECT_EQ(p.session->presentation()->periods.size(), 2u);
  // It waited out the outage, no longer: media stopped for 10 s at the edge.
  EXPECT_LE(longest_stall_s(p), kAwayS + kPeriodsSegmentS);
  EXPECT_TRUE(p.content->too_early.empty()) << p.content->too_early.front();
  EXPECT_EQ(s->skipped_segments, 0u);
  // Back at the target latency in the new Period.
  EXPECT_LE(p.session->snapshot().live_latency_s, kPeriodsTargetS + kPeriodsSegmentS);
  EXPECT_GT(segs.back().media_start_s, kPeriodsRunningS + 10 + kAwayS + 15);
}

// $Number$: the segments of the first Period end at its @endNumber, not
// where the next Period starts; without it the template implies segments for
// the outage, whose numbers are the next Period's files.
TEST(LivePeriods, ANumberTemplatePeriodEndsAtItsEndNumber) {
  LiveSpec spec = spec_with_outage(10, 20);
  spec.timeline = false;
  LivePlayer p(spec);
  auto s = p.run(45);
  ASSERT_TRUE(s.ok()) << s.error().message;
  if (std::getenv("LIVE_DEBUG")) p.dump(*s);
  const auto segs = p.segments();
  EXPECT_GT(segments_in(segs, 0), 5u);
  EXPECT_GT(segments_in(segs, 1), 15u);
  for (const auto& r : segs) {
    if (r.period != 0) continue;
    EXPECT_LE(r.media_start_s + r.media_duration_s, kPeriodsRunningS + 10 + 1e-6) << r.index;
  }
  EXPECT_EQ(s->skipped_segments, 0u);
  EXPECT_LE(longest_stall_s(p), 10 + kPeriodsSegmentS);
}

// A Period that a refresh adds is built with the options of the first load
// (--base-url here; --lang, --audio-role and --codec go the same way).
TEST(LivePeriods, APeriodAddedByARefreshGetsTheExtraBaseUrls) {
  LivePlayer p(spec_with_outage(5, 8));
  p.options.base_urls = {"http://mirror.test/p/"};
  auto s = p.run(20);
  ASSERT_TRUE(s.ok()) << s.error().message;
  const auto& periods = p.session->presentation()->periods;
  ASSERT_EQ(periods.size(), 2u);
  for (const auto& period : periods) {
    ASSERT_TRUE(period.video);
    for (const auto& rep : period.video->representations) {
      ASSERT_EQ(rep.base_urls.size(), 2u) << "Period " << period.index;
      EXPECT_EQ(rep.base_urls[1], "http://mirror.test/p/");
    }
  }
}

// The new Period is known before playback reaches the end of the old one's
// media: the position moves across the gap as if it were buffered.
TEST(LivePeriods, ABriefOutageCostsNoStallAndNoJump) {
  LivePlayer p(spec_with_outage(10, 10.5));
  auto s = p.run(40);
  ASSERT_TRUE(s.ok()) << s.error().message;
  if (std::getenv("LIVE_DEBUG")) p.dump(*s);
  EXPECT_EQ(s->stalls, 0);
  EXPECT_EQ(s->live_jumps, 0);
  EXPECT_GT(segments_in(p.segments(), 1), 20u);
  ASSERT_TRUE(s->latency_p95_s.has_value());
  EXPECT_LE(*s->latency_p95_s, kPeriodsTargetS + kPeriodsSegmentS);
  EXPECT_TRUE(p.content->too_early.empty()) << p.content->too_early.front();
}

TEST(LivePeriods, SeeksBackAcrossTheBoundaryAndReturnsToTheEdge) {
  LivePlayer p(spec_with_outage(10, 12));  // p0's media ends at 70 s, p1 starts at 72 s
  double shifted_latency = 0;
  p.actions = {{30, [](Session& s) { s.seek_by(-20); }},  // to ~67 s: in p0
               {45, [&](Session& s) { shifted_latency = s.snapshot().live_latency_s; }},
               {46, [](Session& s) { s.seek_to_live(); }}};
  auto s = p.run(60);
  ASSERT_TRUE(s.ok()) << s.error().message;
  if (std::getenv("LIVE_DEBUG")) p.dump(*s);
  const auto seeks = p.events("seek");
  ASSERT_EQ(seeks.size(), 2u);
  EXPECT_EQ(seeks[0]["period"].get<size_t>(), 0u);
  EXPECT_EQ(seeks[1]["period"].get<size_t>(), 1u);
  // After the seek back: p0 again, then p1 from its start.
  bool p0_again = false, p1_after = false;
  for (const auto& r : p.segments()) {
    if (r.wall_s < 30 || r.wall_s > 45) continue;
    p0_again |= r.period == 0;
    p1_after |= p0_again && r.period == 1 && r.media_start_s == kPeriodsRunningS + 12;
  }
  EXPECT_TRUE(p0_again);
  EXPECT_TRUE(p1_after);
  EXPECT_EQ(s->live_jumps, 0) << "no catch-up while time-shifted";
  EXPECT_GT(shifted_latency, kPeriodsTargetS + 15);
  EXPECT_LE(p.session->snapshot().live_latency_s, kPeriodsTargetS + kPeriodsSegmentS);
  EXPECT_TRUE(p.content->too_early.empty()) << p.content->too_early.front();
  EXPECT_EQ(s->skipped_segments, 0u);
}

TEST(LivePeriods, EndsCleanlyWhenTheFinalMpdHasTwoPeriods) {
  LiveSpec spec = spec_with_outage(10, 14);
  spec.ends_at_s = 25;
  LivePlayer p(spec);
  auto s = p.run(0);  // no time limit: the session must end by itself
  ASSERT_TRUE(s.ok()) << s.error().message;
  if (std::getenv("LIVE_DEBUG")) p.dump(*s);
  EXPECT_EQ(p.session->snapshot().state, PlayState::kEnded);
  // The end of p1 on the live timeline: it started at 74 s and ran 11 s.
  EXPECT_NEAR(s->played_s, kPeriodsRunningS + 14 + 11, kPeriodsSegmentS + 0.01);
  EXPECT_EQ(p.segments().back().period, 1u);
  EXPECT_TRUE(p.content->too_early.empty()) << p.content->too_early.front();
  EXPECT_EQ(s->skipped_segments, 0u);
}

}  // namespace
}  // namespace player::testing
