// Many players on one link (dash-abr-bench --players N): N sessions of the
// player's engine (as player_model.h runs one) on one event loop and virtual
// clock, all sending their requests over one trace-driven SharedLink, where
// the active downloads share the rate equally. Player k joins at
// k × join_every_s. What it measures: each player's session, and how well
// the players used the link between them.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "media/error.h"
#include "media/net_trace.h"
#include "player/abr/algorithm.h"
#include "player/sim/player_model.h"
#include "player/sim/session_result.h"

namespace sim {

struct SharedLinkOptions {
  size_t players = 1;         // sessions on the link
  double join_every_s = 2;    // player k starts at k × this (s); see player/sim/README.md for the default
};

struct SharedLinkResult {
  std::vector<SessionResult> players;  // in join order
  std::vector<double> join_s;          // when each joined (link time)
  double delivered_bytes = 0;          // to every player, audio, video and abandoned attempts alike
  double capacity_bytes = 0;           // what the trace could carry over the busy span
  double busy_span_s = 0;              // from the first join to the last byte delivered
  // Delivered / capacity over the busy span: 1 when the link never idled.
  double utilisation() const { return capacity_bytes > 0 ? delivered_bytes / capacity_bytes : 0; }
};

// `make_algorithm` gives each player its own algorithm object. requires:
// options.players ≥ 1; the presentation has video.
media::Status run_shared_link_sessions(const PlayerContent& content, std::span<const media::TracePeriod> periods,
                                       const std::function<std::unique_ptr<abr::AbrAlgorithm>()>& make_algorithm,
                                       const PlayerModelOptions& options, const SharedLinkOptions& link,
                                       SharedLinkResult& out);

}  // namespace sim
