// dash-abr-bench --model player: the player's own session in virtual time.
#include "player/sim/player_model.h"

#include <gtest/gtest.h>

#include "pensieve_player_content.h"

#include "player/abr/registry.h"
#include "player/sim/bench.h"
#include "player/sim/request_network.h"
#include "player/sim/video_source.h"
#include "support/process.h"

namespace sim {
namespace {

using testing_support::kShared;

class PlayerModel : public PensievePlayerContent {
 protected:
  SessionResult run(const std::string& algorithm, const std::vector<media::TracePeriod>& trace,
                    PlayerModelOptions options = {}) {
    SessionResult out;
    auto st = run_player_session(*content, trace, abr::make_algorithm(algorithm).value(), options, out);
    EXPECT_TRUE(st.ok()) << st.error();
    return out;
  }
};

TEST_F(PlayerModel, TheSyntheticPresentationHasTheVideosLadderAndSizes) {
  const auto& s = *content->presentation->stream(player::StreamKind::kVideo);
  ASSERT_EQ(s.representations.size(), video.rungs());
  EXPECT_EQ(s.segment_count(), video.segment_count);
  EXPECT_EQ(s.bitrates_bps, video.bitrates_bps);
  EXPECT_DOUBLE_EQ(s.sizes_from(7).at(0, 3), video.size_bytes(7, 3));
  EXPECT_EQ(content->url_sizes.size(), video.segment_count * video.rungs());
}

TEST_F(PlayerModel, PlaysEveryChunkTheSameWayTwice) {
  const std::vector<media::TracePeriod> trace = {{3, 3e6, 40}, {2, 0.4e6, 80}, {4, 6e6, 20}};
  for (const char* name : {"bb", "robustmpc", "default"}) {
    const SessionResult a = run(name, trace), b = run(name, trace);
    ASSERT_EQ(a.chunks.size(), video.segment_count) << name;
    ASSERT_EQ(b.chunks.size(), a.chunks.size());
    for (size_t i = 0; i < a.chunks.size(); ++i) {
      EXPECT_EQ(a.chunks[i].rung, b.chunks[i].rung) << name << " chunk " << i;
      EXPECT_EQ(a.chunks[i].delay_s, b.chunks[i].delay_s) << name << " chunk " << i;
    }
  }
}

// Where the player never stalls, waits or abandons, it is the request model:
// the same decisions at the same times.
TEST_F(PlayerModel, AgreesWithTheRequestModelWhenNothingGoesWrong) {
  const std::vector<media::TracePeriod> trace = {{1000, 10e6, 30}};
  const SessionResult player = run("bb", trace);
  auto bb = abr::make_algorithm("bb").value();
  SessionResult request;
  ASSERT_TRUE(run_request_session(video, trace, *bb, RequestModelOptions{}, request).ok());
  ASSERT_EQ(player.chunks.size(), request.chunks.size());
  for (size_t i = 0; i < player.chunks.size(); ++i) {
    EXPECT_EQ(player.chunks[i].rung, request.chunks[i].rung) << i;
    EXPECT_NEAR(player.chunks[i].request_s, request.chunks[i].request_s, 1e-6) << i;
    EXPECT_NEAR(player.chunks[i].delay_s, request.chunks[i].delay_s, 1e-6) << i;
    EXPECT_NEAR(player.chunks[i].transfer_s, request.chunks[i].transfer_s, 1e-6) << i;  // what predictions are scored on
  }
}

TEST_F(PlayerModel, StallsAreChargedToChunksAndAbandonmentsCounted) {
  const std::vector<media::TracePeriod> trace = {{20, 8e6, 20}, {40, 0.1e6, 20}, {1000, 8e6, 20}};
  const SessionResult out = run("bb", trace);
  double stall_s = 0, abandoned = 0;
  for (const auto& c : out.chunks) {
    stall_s += c.rebuffer_s;
    abandoned += c.abandoned;
  }
  EXPECT_GT(stall_s, 0);
  EXPECT_GT(abandoned, 0);  // the safety net, since bb has no rule of its own
  EXPECT_GT(out.wasted_bytes, 0);
}

TEST_F(PlayerModel, TheBenchRunsItOnEveryThreadCountAlike) {
  auto t = media::read_traces(kShared + "/traces/pensieve-train");
  ASSERT_TRUE(t.ok()) << t.error();
  t.value().resize(4);
  const auto traces = prepare_traces(std::move(t).value());
  BenchOptions one, two;
  one.model = two.model = NetworkModelKind::kPlayer;
  one.player_content = two.player_content = content;
  one.jobs = 1;
  two.jobs = 2;
  auto a = run_bench(video, traces, {"bb", "default"}, one);
  auto b = run_bench(video, traces, {"bb", "default"}, two);
  ASSERT_TRUE(a.ok() && b.ok());
  for (size_t i = 0; i < a.value().outcomes.size(); ++i) {
    ASSERT_TRUE(a.value().outcomes[i].ok()) << a.value().outcomes[i].error;
    EXPECT_EQ(a.value().outcomes[i].metrics.qoe_lin, b.value().outcomes[i].metrics.qoe_lin);
  }
}

TEST_F(PlayerModel, ThePlayerModelNeedsItsContent) {
  auto t = media::read_traces(kShared + "/traces/sabre-example");
  ASSERT_TRUE(t.ok());
  BenchOptions options;
  options.model = NetworkModelKind::kPlayer;
  SessionResult out;
  const auto st = run_session(video, prepare_traces(std::move(t).value())[0], "bb", options, out);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("content"), std::string::npos);
}

}  // namespace
}  // namespace sim
