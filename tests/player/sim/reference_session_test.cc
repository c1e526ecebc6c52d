// The reference session on a constant link, worked out by hand: 8 Mbit/s
// delivers 950,000 B/s of payload; every chunk adds 80 ms of round trip.
#include <gtest/gtest.h>

#include "player/sim/session.h"
#include "sim_fakes.h"

namespace sim {
namespace {

using testing::ScriptedAlgorithm;
using testing::constant_video;

constexpr double kSessionTolerance = 1e-9;
constexpr double kPayloadBytesPerS = 950000;  // 8 Mbit/s × 0.95 / 8
const std::vector<media::CookedSample> kConstant8Mbps = {{0, 8}, {100000, 8}};

TEST(ReferenceSession, FirstChunkAtRungOneThenTheAlgorithmsChoice) {
  const auto video = constant_video({1e6, 2e6, 3e6}, 3);
  ScriptedAlgorithm algo(2);
  SessionResult out;
  ASSERT_TRUE(run_reference_session(video, kConstant8Mbps, algo, {}, out).ok());
  ASSERT_EQ(out.chunks.size(), 3u);
  const double d0 = 1e6 / kPayloadBytesPerS + 0.08;  // rung 1: 1 MB
  const double d1 = 1.5e6 / kPayloadBytesPerS + 0.08;
  EXPECT_EQ(out.chunks[0].rung, 1u);
  EXPECT_NEAR(out.chunks[0].delay_s, d0, kSessionTolerance);
  EXPECT_EQ(out.chunks[0].rebuffer_s, 0);  // chunk 0 is start-up, not a stall
  EXPECT_NEAR(out.chunks[0].buffer_s, 4, kSessionTolerance);
  EXPECT_EQ(out.chunks[1].rung, 2u);
  EXPECT_NEAR(out.chunks[1].buffer_s, 4 - d1 + 4, kSessionTolerance);
  EXPECT_EQ(out.chunks[1].rebuffer_s, 0);
}

TEST(ReferenceSession, TheAlgorithmSeesWhatTheReferenceShowsIt) {
  const auto video = constant_video({1e6, 2e6, 3e6}, 4);
  ScriptedAlgorithm algo(0);
  SessionResult out;
  ASSERT_TRUE(run_reference_session(video, kConstant8Mbps, algo, {}, out).ok());
  ASSERT_EQ(algo.observed.size(), 3u);  // no decision after the last chunk
  ASSERT_EQ(algo.contexts.size(), 3u);
  EXPECT_EQ(algo.observed[0].rung, 1u);
  EXPECT_NEAR(algo.observed[0].download_s, 1e6 / kPayloadBytesPerS, kSessionTolerance);
  EXPECT_NEAR(algo.observed[0].ttfb_s, 0.08, kSessionTolerance);
  const auto& ctx = algo.contexts[0];
  EXPECT_EQ(ctx.segment_index, 1u);
  EXPECT_EQ(ctx.segments_remaining, 3u);
  EXPECT_EQ(ctx.last_rung, std::optional<size_t>(1));
  EXPECT_NEAR(ctx.buffer_s, 4, kSessionTolerance);
  EXPECT_EQ(ctx.state, abr::PlaybackState::kPlaying);
  EXPECT_EQ(ctx.upcoming_sizes_bytes.rows(), 3u);
  EXPECT_DOUBLE_EQ(ctx.upcoming_sizes_bytes.at(0, 2), 1.5e6);
}

TEST(ReferenceSession, StallsWhenAChunkTakesLongerThanTheBuffer) {
  const auto video = constant_video({1e6, 2e6, 3e6}, 3);
  const std::vector<media::CookedSample> slow = {{0, 1}, {100000, 1}};  // 118,750 B/s
  ScriptedAlgorithm algo(2);
  SessionResult out;
  ASSERT_TRUE(run_reference_session(video, slow, algo, {}, out).ok());
  const double d1 = 1.5e6 / 118750 + 0.08;
  EXPECT_NEAR(out.chunks[1].rebuffer_s, d1 - 4, kSessionTolerance);
  EXPECT_NEAR(out.chunks[1].buffer_s, 4, kSessionTolerance);
}

TEST(ReferenceSession, TheBufferNeverExceedsItsCap) {
  const auto video = constant_video({1e6, 2e6, 3e6}, 60);
  ScriptedAlgorithm algo(0);  // 0.5 MB chunks: the buffer grows ~3.4 s per chunk
  SessionResult out;
  ASSERT_TRUE(run_reference_session(video, kConstant8Mbps, algo, {}, out).ok());
  EXPECT_LE(out.chunks.back().buffer_s, 60);
  EXPECT_GT(out.chunks.back().buffer_s, 59.5 - 0.6);
  // Sleeping advances the session clock.
  EXPECT_GT(out.chunks.back().request_s, 59 * 4 - 60 - 1);
}

TEST(ReferenceSession, ADeadTraceIsAnError) {
  const auto video = constant_video({1e6}, 3);
  const std::vector<media::CookedSample> dead = {{0, 0}, {1, 0}};
  ScriptedAlgorithm algo(0);
  SessionResult out;
  EXPECT_FALSE(run_reference_session(video, dead, algo, {}, out).ok());
}

}  // namespace
}  // namespace sim
