// The real Session on a live (dynamic) presentation in virtual time: the
// stream's segments become available as the ManualClock moves, the MPD grows
// with every refresh, and the player must start at the target latency, never
// ask for a segment too early, keep going past the first MPD, hold its
// latency on a fast link and catch up after a slow one. Several Periods:
// live_periods_test.cc.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <iostream>

#include "player/session/session.h"
#include "tests/player/session/live_player.h"

namespace player::testing {
namespace {

// Chooses the lowest rung and keeps every context it was given.
class ContextRecorder : public abr::AbrAlgorithm {
 public:
  explicit ContextRecorder(std::vector<abr::AbrContext>* seen) : seen_(seen) {}
  std::string_view name() const override { return "recorder"; }
  void observe(const abr::SegmentResult&) override {}
  abr::Decision choose(const abr::AbrContext& ctx) override {
    seen_->push_back(ctx);
    return abr::Decision{};  // the lowest rung
  }

 private:
  std::vector<abr::AbrContext>* seen_;
};

constexpr double kSegmentS = 1;
constexpr double kTargetS = 3;

TEST(LivePlayer, StartsAtTheLiveEdgeMinusTheTargetLatency) {
  LivePlayer p;
  auto s = p.run(10);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto start = p.events("live_start");
  ASSERT_EQ(start.size(), 1u);
  const double at = start[0]["t"].get<double>();  // session time of the start
  const double expected = p.spec.running_s + at - kTargetS;
  // UTCTiming is exact to half a round trip (20 ms requests here).
  EXPECT_NEAR(start[0]["position_s"].get<double>(), expected, 0.03);
  auto segs = p.segments();
  ASSERT_FALSE(segs.empty());
  EXPECT_LE(segs.front().media_start_s, expected);
  EXPECT_GT(segs.front().media_start_s + segs.front().media_duration_s, expected);
}

// SegmentTimeline lists only what exists; $Number$ describes the future too,
// so there the availability time alone keeps the player from asking early.
class NeverEarly : public ::testing::TestWithParam<bool> {};

TEST_P(NeverEarly, NeverRequestsASegmentBeforeItIsAvailable) {
  LiveSpec spec;
  spec.timeline = GetParam();
  LivePlayer p(spec);
  auto s = p.run(30);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_TRUE(p.content->too_early.empty()) << p.content->too_early.front();
  EXPECT_EQ(s->skipped_segments, 0u);
  EXPECT_EQ(s->stalls, 0);
}

INSTANTIATE_TEST_SUITE_P(LivePlayer, NeverEarly, ::testing::Values(true, false),
                         [](const auto& param_info) { return param_info.param ? "Timeline" : "Number"; });

TEST(LivePlayer, ChunkedSegmentsAreRequestedEarlyByTheAvailabilityTimeOffset) {
  LiveSpec spec;
  spec.timeline = false;
  spec.segment_s = 2;
  spec.chunked_s = 1.5;        // 0.5 s chunks
  spec.target_latency_s = 1.5;  // less than a segment: needs chunk-level appends, which the player lacks
  LivePlayer p(spec);
  auto s = p.run(30);
  ASSERT_TRUE(s.ok()) << s.error().message;
  if (std::getenv("LIVE_DEBUG")) p.dump(*s);
  EXPECT_TRUE(p.content->too_early.empty()) << p.content->too_early.front();
  // Segments reach the buffer whole: the target is raised to 1.5 segments, with a warning.
  constexpr double kRaisedTargetS = 3;
  EXPECT_EQ(s->target_latency_s, kRaisedTargetS);
  EXPECT_EQ(p.events("warning").size(), 1u);
  ASSERT_TRUE(s->latency_p50_s.has_value());
  EXPECT_LE(*s->latency_p50_s, kRaisedTargetS + 0.5);
  // Requested before the segment was complete: its end was still ahead.
  size_t early = 0;
  for (const auto& r : p.segments())
    if (p.content->ast_unix_s() + r.media_start_s + r.media_duration_s > spec.epoch_unix_s + r.request_s) ++early;
  EXPECT_GT(early, 5u);
}

// FFmpeg's first SegmentTimeline MPDs may list no segment yet for a stream.
// The player loads such an MPD and starts once a refresh lists them: at the
// live edge, not at the oldest segment of the window, and with every rung's
// list aligned (segment k of each rung is the same time).
TEST(LivePlayer, ARepresentationThatListsNoSegmentYetIsWaitedFor) {
  LiveSpec spec;
  spec.top_rung_listed_from_s = 2.5;
  LivePlayer p(spec);
  auto s = p.run(20);
  ASSERT_TRUE(s.ok()) << s.error().message;
  if (std::getenv("LIVE_DEBUG")) p.dump(*s);
  auto start = p.events("live_start");
  ASSERT_EQ(start.size(), 1u);
  const double position = start[0]["position_s"].get<double>();
  // Segment n (from 1) spans [(n − 1)·D, n·D): requests go on from the one
  // holding the start position, one number after the other, whatever the rung.
  uint64_t expected = static_cast<uint64_t>(std::floor(position / kSegmentS)) + 1;
  size_t top = 0;
  for (const auto& url : p.content->requests) {
    const size_t slash = url.rfind('/');
    if (url.find(".m4s") == std::string::npos) continue;
    const uint64_t n = std::stoull(url.substr(slash + 1));
    if (n == expected + 1) ++expected;  // the next one (a retry asks for the same again)
    EXPECT_EQ(n, expected) << url;
    if (url.find("/v2/") != std::string::npos) ++top;
  }
  EXPECT_GT(top, 0u) << "the top rung, listed late, was never played";
  EXPECT_GT(expected, static_cast<uint64_t>(position / kSegmentS) + 10);
  EXPECT_EQ(s->skipped_segments, 0u);
}

TEST(LivePlayer, RefreshesAndKeepsGoingPastTheFirstMpd) {
  LivePlayer p;
  auto s = p.run(30);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_GE(p.events("mpd_refresh").size(), 20u);
  // The first MPD ended at segment `running_s`; 30 s later the player is ~29 segments on.
  const auto segs = p.segments();
  ASSERT_FALSE(segs.empty());
  EXPECT_GT(segs.back().media_start_s, p.spec.running_s + 20);
  for (size_t i = 1; i < segs.size(); ++i) EXPECT_EQ(segs[i].index, segs[i - 1].index + 1);
}

// ABR in live knows it is live (dash-abr-bench --live tells it the same):
// the target, the latency, and a buffer cap no larger than the latency.
TEST(LivePlayer, TheAlgorithmSeesTheLatencyAndABufferCappedByIt) {
  LivePlayer p;
  std::vector<abr::AbrContext> seen;
  p.algorithm = std::make_unique<ContextRecorder>(&seen);
  auto s = p.run(30);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_GT(seen.size(), 10u);
  bool saw_latency = false;
  for (const auto& ctx : seen) {
    EXPECT_TRUE(ctx.live);
    EXPECT_DOUBLE_EQ(ctx.target_latency_s, kTargetS);
    EXPECT_GE(ctx.latency_s, 0);
    EXPECT_LE(ctx.buffer_cap_s, std::max(kTargetS, ctx.latency_s) / ctx.playback_rate + 1e-9);
    saw_latency = saw_latency || ctx.latency_s > 0;
  }
  EXPECT_TRUE(saw_latency) << "the latency once playing";
}

TEST(LivePlayer, HoldsTheTargetLatencyOnAFastLink) {
  LivePlayer p;
  auto s = p.run(60);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_TRUE(s->latency_p95_s.has_value());
  EXPECT_LE(*s->latency_p95_s, kTargetS + kSegmentS);
  EXPECT_GE(*s->latency_p50_s, kTargetS - kSegmentS);
  EXPECT_EQ(s->live_jumps, 0);
  EXPECT_EQ(s->stalls, 0);
}

TEST(LivePlayer, NumberTemplateFollowsTheWallClock) {
  LiveSpec spec;
  spec.timeline = false;
  LivePlayer p(spec);
  auto s = p.run(30);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_TRUE(p.content->too_early.empty()) << p.content->too_early.front();
  ASSERT_TRUE(s->latency_p95_s.has_value());
  EXPECT_LE(*s->latency_p95_s, kTargetS + kSegmentS);
  EXPECT_GT(p.segments().back().media_start_s, spec.running_s + 20);
}

TEST(LivePlayer, ASegmentThatIsNotThereYetIsRetriedAndRefreshesTheMpd) {
  LiveSpec spec;
  spec.timeline = false;
  spec.origin_lag_s = 0.2;  // a slow origin: 404 at the availability time, there 0.2 s later
  LivePlayer p(spec);
  auto s = p.run(20);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_FALSE(p.content->too_early.empty());  // the lag did bite
  EXPECT_EQ(s->skipped_segments, 0u);
  size_t after_404 = 0;
  for (const auto& e : p.events("mpd_refresh")) after_404 += e.value("why", "") == "404";
  EXPECT_GE(after_404, 1u);
}

TEST(LivePlayer, SynchronisesAWrongLocalClockByUtcTiming) {
  LivePlayer p;
  p.local_clock_error_s = -20;  // the player thinks it is 20 s earlier
  auto s = p.run(20);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto sync = p.events("clock_sync");
  ASSERT_EQ(sync.size(), 1u);
  EXPECT_NEAR(sync[0]["offset_s"].get<double>(), 20, 0.05);
  EXPECT_TRUE(p.content->too_early.empty());
  EXPECT_LE(*s->latency_p95_s, kTargetS + kSegmentS);
}

TEST(LivePlayer, FallsBehindOnASlowLinkAndJumpsBackToTheEdge) {
  LivePlayer p;
  // 10 s fast, 15 s far below the lowest rung, then fast again.
  p.trace = {{10, 20e6, 20}, {15, 100e3, 20}, {1000, 20e6, 20}};
  auto s = p.run(60);
  ASSERT_TRUE(s.ok()) << s.error().message;
  if (std::getenv("LIVE_DEBUG")) p.dump(*s);
  EXPECT_GE(s->stalls, 1);
  EXPECT_GE(s->live_jumps, 1);
  auto jumps = p.events("live_jump");
  ASSERT_FALSE(jumps.empty());
  EXPECT_GT(jumps[0]["latency_s"].get<double>(), kTargetS + 3);
  // The jump ends the stall it happened in (stall_end at the jump), and
  // refilling after it ends none (it used to repeat the last stall's).
  EXPECT_EQ(p.events("stall_end").size(), p.events("stall_start").size());
  // Back at the edge by the end: the latency of the last ten seconds.
  const double latency_at_end = p.session->snapshot().live_latency_s;
  EXPECT_LE(latency_at_end, kTargetS + kSegmentS);
  EXPECT_TRUE(p.content->too_early.empty());
}

TEST(LivePlayer, CatchesUpBySpeedWhenSlightlyBehind) {
  LivePlayer p;
  // A short dip: a stall of a second or two, less than the jump threshold.
  p.trace = {{10, 20e6, 20}, {4.5, 10e3, 20}, {1000, 20e6, 20}};
  auto s = p.run(60);
  ASSERT_TRUE(s.ok()) << s.error().message;
  if (std::getenv("LIVE_DEBUG")) p.dump(*s);
  EXPECT_GE(s->stalls, 1);
  EXPECT_EQ(s->live_jumps, 0);
  EXPECT_GT(s->catchup_s, 0);
  EXPECT_LE(p.session->snapshot().live_latency_s, kTargetS + 0.3);
}

TEST(LivePlayer, SeekingBackShiftsTimeUntilKeyLReturnsToTheEdge) {
  LivePlayer p;
  double shifted_latency = 0;
  p.actions = {{10, [](Session& s) { s.seek_by(-10); }},
               {25, [&](Session& s) { shifted_latency = s.snapshot().live_latency_s; }},
               {26, [](Session& s) { s.seek_to_live(); }}};
  auto s = p.run(40);
  ASSERT_TRUE(s.ok()) << s.error().message;
  if (std::getenv("LIVE_DEBUG")) p.dump(*s);
  EXPECT_EQ(s->live_jumps, 0);  // no catch-up while shifted
  EXPECT_GT(shifted_latency, kTargetS + 9);
  EXPECT_LE(p.session->snapshot().live_latency_s, kTargetS + kSegmentS);
  EXPECT_TRUE(p.content->too_early.empty());
}

TEST(LivePlayer, ASeekBackStopsAtTheStartOfTheTimeShiftWindow) {
  LivePlayer p;
  p.actions = {{10, [](Session& s) { s.seek_by(-100); }}};
  auto s = p.run(15);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto seeks = p.events("seek");
  ASSERT_EQ(seeks.size(), 1u);
  const double window_start_at_10s = p.spec.running_s + 10 - p.spec.window_s;
  EXPECT_GE(seeks[0]["position_s"].get<double>(), window_start_at_10s);
  EXPECT_LE(seeks[0]["position_s"].get<double>(), window_start_at_10s + kSegmentS + 0.01);
}

TEST(LivePlayer, PlaysToTheEndWhenTheMpdTurnsStatic) {
  LiveSpec spec;
  spec.ends_at_s = 15;
  LivePlayer p(spec);
  auto s = p.run(0);  // no time limit: the session must end by itself
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(p.session->snapshot().state, PlayState::kEnded);
  EXPECT_NEAR(s->played_s, spec.running_s + *spec.ends_at_s, kSegmentS + 0.01);
  EXPECT_TRUE(p.content->too_early.empty());
}

TEST(LivePlayer, RejectsADynamicMpdWithoutAvailabilityStartTime) {
  std::string mpd = R"(<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic" profiles="urn:mpeg:dash:profile:isoff-live:2011" minBufferTime="PT1S"><Period id="0" start="PT0S"><AdaptationSet contentType="video" mimeType="video/mp4" codecs="avc1.64001f"><SegmentTemplate timescale="1000" duration="1000" media="$Number$.m4s"/><Representation id="v" bandwidth="1000"/></AdaptationSet></Period></MPD>)";
  FileFetcher unused;
  auto p = build_presentation(unused, mpd, "http://x.test/m.mpd", {});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("availabilityStartTime"), std::string::npos) << p.error().message;
}

TEST(LivePlayer, TheLivePresentationIsOnePeriodWhoseStreamsGrow) {
  LivePlayer p;
  auto s = p.run(10);
  ASSERT_TRUE(s.ok()) << s.error().message;
  const Presentation* pr = p.session->presentation();
  ASSERT_NE(pr, nullptr);
  ASSERT_EQ(pr->periods.size(), 1u);
  ASSERT_TRUE(pr->periods[0].video);
  // The first MPD listed the window (30 s) up to the edge; refreshes appended ~10 s more.
  EXPECT_GE(pr->periods[0].video->segment_count(), 38u);
  EXPECT_EQ(pr->periods[0].video->sizes_bytes.size(),
            pr->periods[0].video->segment_count() * pr->periods[0].video->representations.size());
}

}  // namespace
}  // namespace player::testing
