#include "player/sim/shared_link_players.h"

#include <string>

#include "media/clock.h"
#include "player/net/virtual_network.h"
#include "player/session/session.h"
#include "player/sim/session.h"

namespace sim {
namespace {

// Hands every session channels of the one network that all players share
// (a session owns what its factory returns; this owns nothing).
class SharedNetwork final : public player::TransportFactory {
 public:
  explicit SharedNetwork(player::TransportFactory& network) : network_(network) {}
  std::unique_ptr<player::Transport> make_channel() override { return network_.make_channel(); }

 private:
  player::TransportFactory& network_;
};

}  // namespace

media::Status run_shared_link_sessions(const PlayerContent& content, std::span<const media::TracePeriod> periods,
                                       const std::function<std::unique_ptr<abr::AbrAlgorithm>()>& make_algorithm,
                                       const PlayerModelOptions& options, const SharedLinkOptions& link,
                                       SharedLinkResult& out) {
  out = {};
  DS_RETURN_IF_ERROR(check_trace(periods));
  if (link.players == 0 || !(link.join_every_s >= 0))
    return media::make_error(media::ErrorCode::kInvalidArgument, "shared link: needs a player and a join time ≥ 0");
  // Declared in this order so that the sessions (and their channels) go
  // before the network, and the network before the loop its timers are on.
  media::ManualClock clock;
  player::EventLoop loop(clock);
  player::SizeTableContent sizes(content.url_sizes);
  player::VirtualNetwork network(loop, periods, sizes, {options.latency_scale, options.progress_interval_s});
  const player::SessionOptions base = player_session_options(content, options);
  std::vector<std::unique_ptr<player::Session>> sessions;
  std::vector<media::Status> begun(link.players);
  size_t ended = 0;
  auto one_ended = [&] {
    if (++ended == link.players) loop.quit();
  };
  for (size_t k = 0; k < link.players; ++k) {
    player::SessionOptions so = base;
    so.session_id = "sim-" + std::to_string(k);
    player::SessionEnvironment env;
    env.clock = &clock;
    env.loop = &loop;
    env.presentation = content.presentation;
    env.seed = options.seed + k;  // retry jitter differs between players, as between real ones
    env.algorithm = make_algorithm();
    env.network = [&](player::EventLoop&) { return std::make_unique<SharedNetwork>(network); };
    sessions.push_back(std::make_unique<player::Session>(so, nullptr, std::move(env)));
    out.join_s.push_back(static_cast<double>(k) * link.join_every_s);
    loop.at(out.join_s.back(), [&, k] {
      begun[k] = sessions[k]->begin(one_ended);
      if (!begun[k].ok()) one_ended();
    });
  }
  loop.run();  // returns when every player ended (or nothing was left to run)
  out.players.resize(link.players);
  for (size_t k = 0; k < link.players; ++k) {
    const std::string who = "player " + std::to_string(k);
    if (!begun[k].ok()) return begun[k].error().with_context(who);
    auto summary = sessions[k]->finish();
    if (!summary.ok()) return summary.error().with_context(who);
    if (auto st = check_played(content, summary.value(), base); !st.ok()) return st.error().with_context(who);
    collect_video_chunks(sessions[k]->log(), out.players[k]);
  }
  const player::SharedLink& shared = network.link();
  out.delivered_bytes = shared.delivered_bytes();
  out.busy_span_s = shared.last_byte_s();  // the first player joins at 0
  out.capacity_bytes = shared.capacity_bytes(0, out.busy_span_s);
  return {};
}

}  // namespace sim
