// The live session (live_session.h) on constant links and a link with an
// outage, in virtual time: the latency it reaches and holds, the stall and
// catch-up after an outage, requests that wait for the live edge, and the
// latency term of the metrics.
#include <gtest/gtest.h>

#include <algorithm>

#include "player/sim/live_session.h"
#include "player/sim/metrics.h"
#include "sim_fakes.h"

namespace sim {
namespace {

using testing::ScriptedAlgorithm;
using testing::constant_video;

const std::vector<double> kLadder = {300e3, 750e3, 1200e3, 1850e3, 2850e3, 4300e3};  // Pensieve's
constexpr size_t kSegments = 60;                                                    // 4 s each: 240 s
constexpr double kSegmentS = 4;
constexpr double kChunkS = 0.5;
constexpr double kTargetS = 3;
constexpr double kEps = 1e-6;

LiveModelOptions live_options(double target_s = kTargetS, double chunk_s = kChunkS) {
  LiveModelOptions o;
  o.target_latency_s = target_s;
  o.chunk_duration_s = chunk_s;
  return o;
}

// Session time of latency sample i.
double sample_time_s(const SessionResult& out, size_t i, double start_s) {
  return start_s + static_cast<double>(i + 1) * out.latency_interval_s;
}

TEST(LiveSession, ReachesAndHoldsTheTargetLatencyOnAConstantLink) {
  for (double target_s : {1.5, 3.0}) {
    SCOPED_TRACE(target_s);
    const auto video = constant_video(kLadder, kSegments, kSegmentS);
    const std::vector<media::TracePeriod> link = {{1000, 5e6, 20}};  // 5 Mbit/s, 20 ms
    ScriptedAlgorithm algo(2);  // 1.2 Mbit/s
    SessionResult out;
    ASSERT_TRUE(run_live_session(video, link, algo, {}, live_options(target_s), out).ok());
    ASSERT_EQ(out.chunks.size(), kSegments);
    ASSERT_FALSE(out.latency_s.empty());
    // Start-up (20 ms + one 75 kB chunk at 5 Mbit/s) puts it 0.14 s behind, above
    // the 0.1 s threshold: it catches up at 1.05x, within 0.14 / 0.05 ≈ 3 s.
    EXPECT_GT(*std::max_element(out.latency_s.begin(), out.latency_s.end()), target_s + 0.1);
    EXPECT_GT(out.faster_s, 2);
    constexpr size_t kSettledSamples = 100;  // 10 s
    for (size_t i = kSettledSamples; i < out.latency_s.size(); ++i) {
      ASSERT_GE(out.latency_s[i], target_s - 0.06) << "sample " << i;  // one 0.1 s tick at 1.05x below
      ASSERT_LE(out.latency_s[i], target_s + 0.1 + kEps) << "sample " << i;
    }
    for (const auto& c : out.chunks) EXPECT_EQ(c.rebuffer_s, 0);
    // Start-up ends with the first chunk: 20 ms + 75 kB at 5 Mbit/s.
    EXPECT_NEAR(session_metrics(out, video, QoeScales(video)).startup_s, 0.02 + 0.12, kEps);
  }
}

TEST(LiveSession, StallsOnAnOutageThenCatchesUp) {
  const auto video = constant_video(kLadder, kSegments, kSegmentS);
  constexpr double kOutageStartS = 60, kOutageS = 6;
  const std::vector<media::TracePeriod> link = {{kOutageStartS, 5e6, 20}, {kOutageS, 0, 20}, {1000, 5e6, 20}};
  ScriptedAlgorithm algo(2);
  SessionResult out;
  ASSERT_TRUE(run_live_session(video, link, algo, {}, live_options(), out).ok());
  double stall_s = 0;
  for (const auto& c : out.chunks) stall_s += c.rebuffer_s;
  // About 2.4 s of buffer (latency − one chunk − transfer) cover part of the 6 s.
  EXPECT_GT(stall_s, 3);
  EXPECT_LT(stall_s, kOutageS);
  const float peak = *std::max_element(out.latency_s.begin(), out.latency_s.end());
  EXPECT_NEAR(peak, kTargetS + stall_s, 0.2);
  // Back within target + threshold after excess / 0.05 s of 1.05x playback
  // (about 70 s for 3.5 s of excess), and it stays there.
  const double start_s = out.chunks[0].request_s;
  constexpr double kCatchUpWithinS = 90;
  bool seen_high = false;
  for (size_t i = 0; i < out.latency_s.size(); ++i) {
    const double t_s = sample_time_s(out, i, start_s);
    if (out.latency_s[i] > kTargetS + 1) seen_high = true;
    if (t_s > kOutageStartS + kOutageS + kCatchUpWithinS) {
      ASSERT_LE(out.latency_s[i], kTargetS + 0.1 + kEps) << "at " << t_s << " s";
    }
  }
  EXPECT_TRUE(seen_high);
}

TEST(LiveSession, JumpsToTheEdgeWhenFarBehind) {
  const auto video = constant_video(kLadder, kSegments, kSegmentS);
  constexpr double kOutageStartS = 60, kOutageS = 15;
  const std::vector<media::TracePeriod> link = {{kOutageStartS, 5e6, 20}, {kOutageS, 0, 20}, {1000, 5e6, 20}};
  ScriptedAlgorithm algo(2);
  SessionResult out;
  ASSERT_TRUE(run_live_session(video, link, algo, {}, live_options(), out).ok());
  // 12+ s of stall puts it more than max(3 s, 2 segments) = 8 s behind: one
  // jump over the segments produced meanwhile.
  EXPECT_EQ(out.jumps, 1u);
  EXPECT_GE(out.skipped_segments, 2u);
  EXPECT_EQ(out.chunks.size() + out.skipped_segments, kSegments);
  EXPECT_GT(*std::max_element(out.latency_s.begin(), out.latency_s.end()), kTargetS + 8);
  // Within a few seconds of the link's return it is back within one chunk of
  // the target plus the stall while the segment jumped into downloads (the
  // whole segment, 4 × 1.2 / 5 = 0.96 s), and catch-up by rate does the rest
  // (at 0.05 s per second).
  const double start_s = out.chunks[0].request_s;
  constexpr double kSegmentTransferS = 0.96;
  for (size_t i = 0; i < out.latency_s.size(); ++i) {
    const double t_s = sample_time_s(out, i, start_s);
    if (t_s > kOutageStartS + kOutageS + 3) {
      ASSERT_LE(out.latency_s[i], kTargetS + kChunkS + kSegmentTransferS + 0.05) << "at " << t_s << " s";
    }
    if (t_s > kOutageStartS + kOutageS + 40) {
      ASSERT_LE(out.latency_s[i], kTargetS + 0.1 + kEps) << "at " << t_s << " s";
    }
  }
  // Segments after the jump are the ones at the edge, in order.
  for (size_t k = 1; k < out.chunks.size(); ++k) EXPECT_GT(out.chunks[k].segment, out.chunks[k - 1].segment);
}

TEST(LiveSession, AJumpThresholdBelowTheBufferSkipsWithinIt) {
  const auto video = constant_video(kLadder, kSegments, kSegmentS);
  const std::vector<media::TracePeriod> link = {{60, 5e6, 20}, {3, 0, 20}, {1000, 5e6, 20}};
  ScriptedAlgorithm algo(2);
  SessionResult out;
  auto options = live_options();
  options.jump_threshold_s = 0.2;  // start-up leaves it 0.14 s behind: no jump until the outage
  ASSERT_TRUE(run_live_session(video, link, algo, {}, options, out).ok());
  // The stall (~0.6 s) leaves the edge − L inside the buffer: the jump drops
  // buffered media, no segment is skipped, and the latency is back at L.
  EXPECT_GE(out.jumps, 1u);
  EXPECT_EQ(out.skipped_segments, 0u);
  EXPECT_EQ(out.chunks.size(), kSegments);
  for (size_t k = 0; k < out.chunks.size(); ++k) EXPECT_EQ(out.chunks[k].segment, k);
  EXPECT_LE(out.latency_s.back(), kTargetS + 0.1 + kEps);
}

TEST(LiveSession, RequestsNeverPrecedeAvailability) {
  for (double chunk_s : {0.0, 0.5, 1.0}) {
    SCOPED_TRACE(chunk_s);
    const auto video = constant_video(kLadder, 30, kSegmentS);
    // Fast and slow periods: sometimes ahead of the edge, sometimes behind.
    const std::vector<media::TracePeriod> link = {{20, 20e6, 10}, {10, 0.5e6, 50}, {30, 8e6, 10}};
    ScriptedAlgorithm algo(1);
    SessionResult out;
    ASSERT_TRUE(run_live_session(video, link, algo, {}, live_options(kTargetS, chunk_s), out).ok());
    const double first_chunk_s = chunk_s > 0 ? chunk_s : kSegmentS;
    for (const auto& c : out.chunks) {
      const double n = c.segment;
      const double available_s = n * kSegmentS + first_chunk_s - kTargetS;
      EXPECT_GE(c.request_s, available_s - kEps) << "segment " << n;
      // The whole segment cannot be in before its last chunk is produced.
      const double complete_s = (n + 1) * kSegmentS - kTargetS;
      EXPECT_GE(c.request_s + c.delay_s, complete_s - kEps) << "segment " << n;
    }
  }
}

TEST(LiveSession, TellsTheAlgorithmItIsLiveAndTheBufferIsCapped) {
  const auto video = constant_video(kLadder, 20, kSegmentS);
  const std::vector<media::TracePeriod> link = {{1000, 5e6, 20}};
  ScriptedAlgorithm algo(2);
  SessionResult out;
  ASSERT_TRUE(run_live_session(video, link, algo, {}, live_options(), out).ok());
  for (const auto& ctx : algo.contexts) {
    EXPECT_TRUE(ctx.live);
    EXPECT_EQ(ctx.target_latency_s, kTargetS);
    // While catching up the context is scaled by the rate, as the player scales it.
    const double r = ctx.playback_rate;
    EXPECT_NEAR(ctx.buffer_cap_s * r, std::max(kTargetS, ctx.latency_s), kEps);
    if (ctx.state != abr::PlaybackState::kStartup) {
      EXPECT_LE(ctx.buffer_s * r, ctx.latency_s - kChunkS + kEps);  // nothing past the live edge
    }
  }
  EXPECT_GT(algo.contexts.back().latency_s, 0);
  // It starts 0.14 s behind: the first decisions after start-up are at 1.05x.
  EXPECT_TRUE(std::any_of(algo.contexts.begin(), algo.contexts.end(),
                          [](const abr::AbrContext& c) { return c.playback_rate > 1; }));
  // Throughput is measured over the bursts: 1.2 Mbit/s segments on a 5 Mbit/s
  // link look like 5 Mbit/s, not like the encoder's pace.
  const auto& last = algo.observed.back();
  EXPECT_NEAR(last.size_bytes * 8 / last.download_s, 5e6, 1e3);
}

// Records, at each decision, the playback rate and the ladder it was shown
// (the ladder's storage lives only as long as the session).
class RateRecorder : public ScriptedAlgorithm {
 public:
  RateRecorder() : ScriptedAlgorithm(2) {}
  abr::Decision choose(const abr::AbrContext& ctx) override {
    seen.emplace_back(ctx.playback_rate, ctx.bitrates_bps[2]);
    return ScriptedAlgorithm::choose(ctx);
  }
  std::vector<std::pair<double, double>> seen;  // (rate, bitrate of rung 2)
};

TEST(LiveSession, CatchUpScalesTheLadderAsThePlayerDoes) {
  const auto video = constant_video(kLadder, 20, kSegmentS);
  const std::vector<media::TracePeriod> link = {{1000, 5e6, 20}};
  RateRecorder algo;
  SessionResult out;
  ASSERT_TRUE(run_live_session(video, link, algo, {}, live_options(), out).ok());
  bool faster = false;
  for (const auto& [rate, bitrate_bps] : algo.seen) {
    EXPECT_NEAR(bitrate_bps, kLadder[2] * rate, kEps);
    faster = faster || rate > 1;
  }
  EXPECT_TRUE(faster);
}

TEST(LiveSession, RejectsAChunkThatDoesNotDivideTheSegment) {
  const auto video = constant_video(kLadder, 5, kSegmentS);
  const std::vector<media::TracePeriod> link = {{1000, 5e6, 20}};
  ScriptedAlgorithm algo(0);
  SessionResult out;
  EXPECT_FALSE(run_live_session(video, link, algo, {}, live_options(kTargetS, 0.7), out).ok());
}

TEST(LiveMetrics, LatencyMeanP95AndQoeLive) {
  const auto video = constant_video(kLadder, 3, kSegmentS);
  SessionResult s;
  s.chunks.resize(3);
  for (auto& c : s.chunks) c.rung = 2;
  s.target_latency_s = 3;
  s.latency_interval_s = 0.1;
  s.latency_s = {3, 3, 4, 4};
  const QoeScales scales(video);
  const SessionMetrics m = session_metrics(s, video, scales);
  ASSERT_TRUE(m.latency_mean_s && m.latency_p95_s && m.qoe_live);
  EXPECT_NEAR(*m.latency_mean_s, 3.5, kEps);
  EXPECT_NEAR(*m.latency_p95_s, 4, kEps);
  EXPECT_NEAR(live_latency_weight(scales), 0.43, kEps);  // 0.1 × μ_lin = 0.1 × 4.3
  EXPECT_NEAR(*m.qoe_live, m.qoe_lin - 0.43 * 0.5, kEps);  // mean excess over 3 s: 0.5 s
  // Not live: no latency metrics.
  s.target_latency_s = 0;
  EXPECT_FALSE(session_metrics(s, video, scales).qoe_live);
}

}  // namespace
}  // namespace sim
