// A directory of dash-player session logs (scripts/emulate-abr.sh writes
// DIR/<algorithm>/<trace>.jsonl, or DIR/<algorithm>/<trace>/<player>.jsonl
// for players that shared the trace's link) gathered into the bench's
// results, so that report.h writes the same files for emulated sessions as
// for simulated ones (with Jain's index for shared links; not the link's
// utilisation, since the trace is unknown here).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "media/error.h"
#include "media/net_trace.h"
#include "player/sim/bench.h"
#include "player/sim/link_check.h"
#include "player/sim/report.h"
#include "player/sim/video_model.h"

namespace sim {

// What a session must pass to count; a session that fails gets one error
// line and is reported as failed (not in the means).
struct EmulationChecks {
  // Traces by name (a log's file stem): sessions on them get the
  // delivered-rate check (link_check.h) against [min, max]_link_ratio.
  std::vector<media::NetworkTrace> traces;
  double min_link_ratio = kMinLinkRatio;
  double max_link_ratio = kMaxLinkRatio;
  // Players that shared a link (<trace>/<player>.jsonl) are checked as one
  // link: player k's transfers count from k × join_every_s after the first's
  // start (scripts/emulate-abr.sh --join-every; the logs carry no wall clock).
  double join_every_s = 2;
  // The presentation, when known: every session must play all its video
  // segments (else as many as the most any session of the trace played), its
  // ladder must be the logs', and the metrics use it (PSNR included).
  std::optional<VideoModel> video;
};

struct EmulationResults {
  BenchResults results;            // algorithms in name order × traces in name order
  // One per trace name; the trace itself is unknown here, so its one period
  // carries the mean throughput the players measured on it (all algorithms):
  // report.h uses only the name and the mean rate.
  std::vector<BenchTrace> traces;
  VideoModel video;                // the ladder every log shares
  std::vector<SessionResult> sessions;  // [algorithm × traces + trace], empty chunks when failed
  std::vector<std::optional<LinkCheck>> links;  // [algorithm × traces + trace], for sessions on a known trace
  std::vector<std::string> errors;      // one line per bad or missing log (those sessions are failed)
};

// "default" as a directory name is reported as `default_algorithm`, as the bench does.
// Errors (not per log): DIR unreadable, no <algorithm>/<trace>.jsonl in it, no
// readable log at all. Per session (failed, one line in `errors`): a bad or
// missing log, a ladder that differs from the first log's (or the
// presentation's), missing segments (each player's), a delivered rate off the
// trace's (the link's, over all its players).
media::Result<EmulationResults> read_emulation_results(const std::filesystem::path& dir,
                                                        const std::string& default_algorithm,
                                                        const EmulationChecks& checks = {});

// The sessions for report.html's time series, picked as the bench picks them.
std::vector<ChosenSessions> choose_emulated_sessions(const EmulationResults& emulation,
                                                     const std::string& default_algorithm);

}  // namespace sim
