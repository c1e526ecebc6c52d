// The request-level session on constant links, worked out by hand.
#include <gtest/gtest.h>

#include "player/sim/session.h"
#include "sim_fakes.h"

namespace sim {
namespace {

using testing::ScriptedAlgorithm;
using testing::constant_video;

constexpr double kRequestSessionTolerance = 1e-9;

TEST(RequestSession, LatencyAndTransferMakeTheDelay) {
  const auto video = constant_video({1e6, 2e6, 3e6}, 3);
  const std::vector<media::TracePeriod> link = {{1000, 8e6, 100}};  // 1 MB/s, 100 ms
  ScriptedAlgorithm algo(2);
  SessionResult out;
  ASSERT_TRUE(run_request_session(video, link, algo, {}, out).ok());
  ASSERT_EQ(out.chunks.size(), 3u);
  EXPECT_NEAR(out.chunks[0].delay_s, 1.6, kRequestSessionTolerance);  // start-up: 0.1 + 1.5 MB at 1 MB/s
  EXPECT_NEAR(out.chunks[1].buffer_s, 4 - 1.6 + 4, kRequestSessionTolerance);
  EXPECT_EQ(out.chunks[1].rebuffer_s, 0);
  // The algorithm chose chunk 0 too, during start-up with an empty buffer.
  ASSERT_EQ(algo.contexts.size(), 3u);
  EXPECT_EQ(algo.contexts[0].state, abr::PlaybackState::kStartup);
  EXPECT_FALSE(algo.contexts[0].last_rung.has_value());
  EXPECT_NEAR(algo.observed[0].ttfb_s, 0.1, kRequestSessionTolerance);
  EXPECT_NEAR(algo.observed[0].download_s, 1.5, kRequestSessionTolerance);
}

TEST(RequestSession, StallIsChargedToTheChunkBeingFetched) {
  const auto video = constant_video({1e6, 2e6, 3e6}, 3);
  const std::vector<media::TracePeriod> link = {{1000, 1e6, 100}};  // 125 kB/s
  ScriptedAlgorithm algo(2);
  RequestModelOptions options;
  options.safety_net = false;  // it would abandon these slow downloads
  SessionResult out;
  ASSERT_TRUE(run_request_session(video, link, algo, options, out).ok());
  const double delay = 0.1 + 1.5e6 / 125000;
  EXPECT_NEAR(out.chunks[1].rebuffer_s, delay - 4, kRequestSessionTolerance);
  EXPECT_NEAR(out.chunks[2].rebuffer_s, delay - 4, kRequestSessionTolerance);
}

TEST(RequestSession, AFullBufferWaitsAndTheCapHolds) {
  const auto video = constant_video({1e6, 2e6, 3e6}, 20);
  const std::vector<media::TracePeriod> link = {{1000, 80e6, 10}};
  ScriptedAlgorithm algo(0);
  RequestModelOptions options;
  options.buffer_cap_s = 12;
  SessionResult out;
  ASSERT_TRUE(run_request_session(video, link, algo, options, out).ok());
  for (const auto& c : out.chunks) EXPECT_LE(c.buffer_s, 12 + kRequestSessionTolerance);
  EXPECT_GT(out.chunks.back().wait_s, 0);
  EXPECT_GT(algo.contexts.back().waited_s, 0);
}

TEST(RequestSession, AlgorithmWaitsAreHonouredWithoutStalling) {
  const auto video = constant_video({1e6, 2e6, 3e6}, 5);
  const std::vector<media::TracePeriod> link = {{1000, 80e6, 10}};
  ScriptedAlgorithm algo(0);
  algo.wait_s = 100;  // far more than the buffer: only the buffer is waited out
  SessionResult out;
  ASSERT_TRUE(run_request_session(video, link, algo, {}, out).ok());
  for (size_t n = 1; n < out.chunks.size(); ++n) EXPECT_GT(out.chunks[n].wait_s, 0);
}

TEST(RequestSession, AbandonmentRestartsTheSegmentAtTheProposedRung) {
  const auto video = constant_video({1e6, 2e6, 3e6}, 3);
  const std::vector<media::TracePeriod> link = {{1000, 8e6, 100}};
  ScriptedAlgorithm algo(2);
  algo.abandon = [](const abr::DownloadProgress& p) -> std::optional<size_t> {
    if (p.rung == 2 && p.elapsed_s > 0.5) return 0;
    return std::nullopt;
  };
  SessionResult out;
  ASSERT_TRUE(run_request_session(video, link, algo, {}, out).ok());
  for (const auto& c : out.chunks) {
    EXPECT_EQ(c.rung, 0u);
    EXPECT_EQ(c.abandoned, 1u);
  }
  EXPECT_GT(out.wasted_bytes, 0);
  ASSERT_GE(algo.observed.size(), 2u);
  EXPECT_TRUE(algo.observed[0].abandoned);
  EXPECT_FALSE(algo.observed[1].abandoned);
  EXPECT_GT(algo.abandon_queries, 0u);
}

TEST(RequestSession, SameInputsSameResult) {
  const auto video = constant_video({1e6, 2e6, 3e6}, 10);
  const std::vector<media::TracePeriod> link = {{3, 8e6, 50}, {2, 1e6, 200}, {4, 20e6, 20}};
  SessionResult a, b;
  ScriptedAlgorithm x(1), y(1);
  ASSERT_TRUE(run_request_session(video, link, x, {}, a).ok());
  ASSERT_TRUE(run_request_session(video, link, y, {}, b).ok());
  ASSERT_EQ(a.chunks.size(), b.chunks.size());
  for (size_t i = 0; i < a.chunks.size(); ++i) EXPECT_EQ(a.chunks[i].delay_s, b.chunks[i].delay_s);
}

TEST(RequestSession, ADeadTraceEndsWithAnError) {
  const auto video = constant_video({1e6}, 3);
  const std::vector<media::TracePeriod> dead = {{1, 0, 10}};
  ScriptedAlgorithm algo(0);
  RequestModelOptions options;
  options.max_session_factor = 1;
  options.progress_interval_s = 1;
  SessionResult out;
  const auto st = run_request_session(video, dead, algo, options, out);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("too slow"), std::string::npos);
}

TEST(RequestSession, TheSafetyNetAbandonsADownloadThatWouldStall) {
  const auto video = constant_video({1e6, 2e6, 3e6}, 3);
  const std::vector<media::TracePeriod> link = {{1000, 1e6, 100}};
  ScriptedAlgorithm algo(2);  // never abandons by itself
  SessionResult out;
  ASSERT_TRUE(run_request_session(video, link, algo, {}, out).ok());
  // Chunk 0 is start-up (no net); later top-rung downloads would outlast the buffer.
  EXPECT_EQ(out.chunks[0].abandoned, 0u);
  EXPECT_GE(out.chunks[1].abandoned, 1u);
  EXPECT_LT(out.chunks[1].rung, 2u);
  EXPECT_GT(out.wasted_bytes, 0);
}

}  // namespace
}  // namespace sim
