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
#include "player/sim/bench.h"
#include "player/sim/report.h"
#include "player/sim/video_model.h"

namespace sim {

struct EmulationResults {
  BenchResults results;            // algorithms in name order × traces in name order
  // One per trace name; the trace itself is unknown here, so its one period
  // carries the mean throughput the players measured on it (all algorithms):
  // report.h uses only the name and the mean rate.
  std::vector<BenchTrace> traces;
  VideoModel video;                // the ladder every log shares
  std::vector<SessionResult> sessions;  // [algorithm × traces + trace], empty chunks when failed
  std::vector<std::string> errors;      // one line per bad or missing log (those sessions are failed)
};

// "default" as a directory name is reported as `default_algorithm`, as the bench does.
// Errors (not per log): DIR unreadable, no <algorithm>/<trace>.jsonl in it, no
// readable log at all, logs with different ladders.
media::Result<EmulationResults> read_emulation_results(const std::filesystem::path& dir,
                                                        const std::string& default_algorithm);

// The sessions for report.html's time series, picked as the bench picks them.
std::vector<ChosenSessions> choose_emulated_sessions(const EmulationResults& emulation,
                                                     const std::string& default_algorithm);

}  // namespace sim
