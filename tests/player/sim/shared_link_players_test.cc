// Many players on one link: the player's engine N times on one loop and one
// trace-driven link, in virtual time.
#include "player/sim/shared_link_players.h"

#include <gtest/gtest.h>

#include "pensieve_player_content.h"

#include "media/text.h"
#include "player/abr/registry.h"
#include "player/sim/bench.h"
#include "player/sim/report.h"
#include "player/sim/video_source.h"
#include "support/process.h"

namespace sim {
namespace {

using testing_support::kShared;

class SharedLinkPlayers : public PensievePlayerContent {
 protected:
  SharedLinkResult run(const std::string& algorithm, const std::vector<media::TracePeriod>& trace, size_t players,
                       double join_every_s) {
    SharedLinkResult out;
    auto make = [&] { return abr::make_algorithm(algorithm).value(); };
    const auto st = run_shared_link_sessions(*content, trace, make, {}, {players, join_every_s}, out);
    EXPECT_TRUE(st.ok()) << st.error();
    return out;
  }
  std::vector<double> bitrates(const SharedLinkResult& r) const {
    const QoeScales scales(video);
    std::vector<double> out;
    for (const auto& p : r.players) out.push_back(session_metrics(p, video, scales).bitrate_mbps);
    return out;
  }
};

// The shared loop drives a lone session exactly as the session's own loop does.
TEST_F(SharedLinkPlayers, OnePlayerPlaysAsItDoesAlone) {
  const std::vector<media::TracePeriod> trace = {{3, 3e6, 40}, {2, 0.4e6, 80}, {4, 6e6, 20}};
  const SharedLinkResult shared = run("robustmpc", trace, 1, 2);
  SessionResult alone;
  ASSERT_TRUE(run_player_session(*content, trace, abr::make_algorithm("robustmpc").value(), {}, alone).ok());
  ASSERT_EQ(shared.players.size(), 1u);
  ASSERT_EQ(shared.players[0].chunks.size(), alone.chunks.size());
  for (size_t i = 0; i < alone.chunks.size(); ++i) {
    EXPECT_EQ(shared.players[0].chunks[i].rung, alone.chunks[i].rung) << i;
    EXPECT_EQ(shared.players[0].chunks[i].delay_s, alone.chunks[i].delay_s) << i;
  }
}

// Two players that always want more than their share keep the link busy and
// split it evenly: together they get the link's rate, each half of it.
TEST_F(SharedLinkPlayers, TwoGreedyPlayersSplitAConstantLinkAndFillIt) {
  const std::vector<media::TracePeriod> trace = {{10000, 4e6, 0}};  // below one top rung (4.3 Mbit/s) each
  const SharedLinkResult r = run("fixed:5", trace, 2, 2);
  ASSERT_EQ(r.players.size(), 2u);
  EXPECT_GT(r.utilisation(), 0.98);
  EXPECT_LE(r.utilisation(), 1 + 1e-9);
  EXPECT_NEAR(r.delivered_bytes * 8 / r.busy_span_s, 4e6, 0.08e6);
  EXPECT_GT(jain_index(bitrates(r)), 0.999);
}

// Adaptive players of the same algorithm end up with nearly the same bitrate
// and use most of the link (they pause when their buffers are full).
TEST_F(SharedLinkPlayers, TwoIdenticalAdaptivePlayersShareFairly) {
  const std::vector<media::TracePeriod> trace = {{10000, 3e6, 20}};
  for (const char* algorithm : {"bb", "robustmpc"}) {
    const SharedLinkResult r = run(algorithm, trace, 2, 2);
    const auto rates = bitrates(r);
    EXPECT_GT(jain_index(rates), 0.98) << algorithm << " " << rates[0] << " " << rates[1];
    EXPECT_GT(r.utilisation(), 0.7) << algorithm;
    EXPECT_LE(r.utilisation(), 1 + 1e-9) << algorithm;
    EXPECT_LT(rates[0] + rates[1], 3.0) << algorithm;  // the link bounds what they stream together
  }
}

// A player joining 40 s late still gets half of the link while both download.
TEST_F(SharedLinkPlayers, ALateJoinerGetsItsShare) {
  const std::vector<media::TracePeriod> trace = {{10000, 4e6, 0}};
  const SharedLinkResult r = run("fixed:5", trace, 2, 40);
  ASSERT_EQ(r.join_s, (std::vector<double>{0, 40}));
  double first_done_s = 0;  // player 0's last byte, in link time
  for (const auto& c : r.players[0].chunks) first_done_s = std::max(first_done_s, c.request_s + c.delay_s);
  double bytes = 0, seconds = 0;
  size_t overlapping = 0;
  for (const auto& c : r.players[1].chunks)
    if (r.join_s[1] + c.request_s + c.delay_s < first_done_s) {
      bytes += c.size_bytes;
      seconds += c.transfer_s;
      ++overlapping;
    }
  ASSERT_GT(overlapping, 5u);
  EXPECT_NEAR(bytes * 8 / seconds, 2e6, 0.1e6);
  // Adaptive: the late joiner streams about as well as the first.
  const auto rates = bitrates(run("bb", {{10000, 3e6, 20}}, 2, 40));
  EXPECT_GT(rates[1], 0.8 * rates[0]) << rates[0] << " " << rates[1];
}

TEST_F(SharedLinkPlayers, UtilisationNeverExceedsOne) {
  const std::vector<media::TracePeriod> trace = {{3, 3e6, 40}, {2, 0.4e6, 80}, {4, 6e6, 20}, {5, 1.5e6, 30}};
  for (size_t players : {2u, 4u}) {
    const SharedLinkResult r = run("robustmpc", trace, players, 2);
    ASSERT_EQ(r.players.size(), players);
    for (const auto& p : r.players) EXPECT_EQ(p.chunks.size(), video.segment_count);
    EXPECT_GT(r.utilisation(), 0);
    EXPECT_LE(r.delivered_bytes, r.capacity_bytes * (1 + 1e-9)) << players;
  }
}

TEST_F(SharedLinkPlayers, TheBenchReportsEveryPlayerAndTheirFairness) {
  auto t = media::read_traces(kShared + "/traces/pensieve-train");
  ASSERT_TRUE(t.ok()) << t.error();
  t.value().resize(3);
  const auto traces = prepare_traces(std::move(t).value());
  BenchOptions options;
  options.model = NetworkModelKind::kPlayer;
  options.player_content = content;
  options.link = {3, 2};
  auto r = run_bench(video, traces, {"bb", "robustmpc"}, options);
  ASSERT_TRUE(r.ok()) << r.error();
  for (const auto& o : r.value().outcomes) {
    ASSERT_TRUE(o.ok()) << o.error;
    ASSERT_EQ(o.players.size(), 3u);
    EXPECT_GT(o.jain, 1.0 / 3);
    EXPECT_LE(o.jain, 1 + 1e-12);
    EXPECT_GT(o.utilisation, 0);
    EXPECT_LE(o.utilisation, 1 + 1e-9);
    EXPECT_NEAR(o.metrics.qoe_lin, (o.players[0].qoe_lin + o.players[1].qoe_lin + o.players[2].qoe_lin) / 3, 1e-12);
  }
  GroupReport g;
  g.info = {"video", "player", {"traces"}, "x", "group-a", 3, 2};
  g.video = &video;
  g.results = &r.value();
  g.traces = traces;
  g.summaries = summarize(r.value());
  ASSERT_EQ(g.summaries[0].per_player.size(), 3u);
  const std::span<const GroupReport> groups(&g, 1);
  const std::string csv = players_csv(groups);
  const auto rows = media::split_lines(csv);
  EXPECT_TRUE(rows[0].starts_with("algorithm,trace,player,join_s,qoe_lin,")) << rows[0];
  EXPECT_TRUE(rows[0].ends_with(",jain,link_utilisation,group")) << rows[0];
  size_t data = 0;
  for (const auto& row : rows)
    if (!row.empty() && row != rows[0]) {
      ++data;
      EXPECT_EQ(media::split(row, ',').size(), media::split(rows[0], ',').size()) << row;
    }
  EXPECT_EQ(data, 2u * 3 * 3);  // algorithms × traces × players
  EXPECT_TRUE(rows[3].starts_with("bb," + traces[0].trace.name + ",2,4.000,")) << rows[3];
  const std::string summary_text = summary_csv(groups);
  const auto summary = media::split_lines(summary_text);
  EXPECT_TRUE(summary[0].ends_with(",players,jain,link_utilisation,group")) << summary[0];
  EXPECT_TRUE(summary[1].find(",3,0.") != std::string::npos) << summary[1];
  EXPECT_NE(format_table(g.summaries).find("jain"), std::string::npos);
  EXPECT_NE(report_html(groups).find("3 players on one link"), std::string::npos);
}

TEST_F(SharedLinkPlayers, OtherModelsAreRefused) {
  auto t = media::read_traces(kShared + "/traces/sabre-example");
  ASSERT_TRUE(t.ok());
  BenchOptions options;
  options.model = NetworkModelKind::kRequest;
  options.link = {2, 2};
  SharedLinkResult out;
  const auto st = run_shared_link(prepare_traces(std::move(t).value())[0], "bb", options, out);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("player model"), std::string::npos);
}

}  // namespace
}  // namespace sim
