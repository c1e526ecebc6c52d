// Runs every (trace, algorithm) pair of a comparison on a pool of worker
// threads and collects the per-session metrics. Each session gets a fresh
// algorithm from the registry, so sessions are independent and the result
// does not depend on the number of threads.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "media/error.h"
#include "media/net_trace.h"
#include "player/abr_exec/exec_algorithm.h"
#include "player/sim/live_session.h"
#include "player/sim/metrics.h"
#include "player/sim/player_model.h"
#include "player/sim/session.h"
#include "player/sim/shared_link_players.h"

namespace sim {

// A trace prepared for both models (the reference walk needs samples).
struct BenchTrace {
  media::NetworkTrace trace;
  std::vector<media::CookedSample> samples;  // reference_samples(trace)
};
std::vector<BenchTrace> prepare_traces(std::vector<media::NetworkTrace> traces);

struct BenchOptions {
  NetworkModelKind model = NetworkModelKind::kReference;
  ReferenceModelOptions reference;
  RequestModelOptions request;
  PlayerModelOptions player;
  std::shared_ptr<const PlayerContent> player_content;  // required by the player model
  unsigned jobs = 1;     // worker threads
  unsigned repeat = 1;   // run each session this many times (timing only; results are identical)
  abr_exec::ExecOptions exec;  // for exec:CMD algorithms
  SharedLinkOptions link;  // players > 1: that many players share each trace's link (player model only)
  std::optional<LiveModelOptions> live;  // request model: a live session (live_session.h) instead of VOD
};

struct SessionOutcome {
  SessionMetrics metrics;  // with several players on the link: the mean of theirs
  std::vector<PredictionSample> predictions;
  std::vector<SessionMetrics> players;  // several players: each one's, in join order
  double jain = 1;         // several players: Jain's index of their mean bitrates
  double utilisation = 0;  // several players: of the shared link over its busy span
  std::string error;  // empty when the session ran
  bool ok() const { return error.empty(); }
};

struct BenchResults {
  std::vector<std::string> algorithms;  // as requested ("default" resolved to its name)
  size_t trace_count = 0;
  std::vector<SessionOutcome> outcomes;   // [algorithm × trace_count + trace]
  std::vector<double> session_seconds;    // per algorithm: CPU-side time spent in its sessions
  std::vector<size_t> sessions_timed;     // per algorithm: sessions behind session_seconds
  double wall_seconds = 0;

  const SessionOutcome& at(size_t algorithm, size_t trace) const { return outcomes[algorithm * trace_count + trace]; }
};

// One session by algorithm name, through the registry.
media::Status run_session(const VideoModel& video, const BenchTrace& trace, std::string_view algorithm,
                          const BenchOptions& options, SessionResult& out);

// All the players of one trace's link (options.link.players of them) with
// one algorithm by name.
media::Status run_shared_link(const BenchTrace& trace, std::string_view algorithm, const BenchOptions& options,
                              SharedLinkResult& out);

// The outcome of all the players of one link: each one's metrics and
// predictions, their mean, Jain's index of their bitrates and the link's use.
SessionOutcome shared_link_outcome(const SharedLinkResult& shared, const VideoModel& video, const QoeScales& scales);

// `progress(done, total)` is called from the calling thread about ten times a second.
media::Result<BenchResults> run_bench(const VideoModel& video, std::span<const BenchTrace> traces,
                                      const std::vector<std::string>& algorithms, const BenchOptions& options,
                                      const std::function<void(size_t, size_t)>& progress = {});

}  // namespace sim
