// Runs every (trace, algorithm) pair of a comparison on a pool of threads
// and collects per-session metrics and logs. Each session gets a fresh
// algorithm from the registry; sessions share nothing but the read-only
// traces and video, so results do not depend on the thread count.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "media/error.h"
#include "media/net_trace.h"
#include "player/sim/metrics.h"
#include "player/sim/reference_model.h"
#include "player/sim/request_model.h"
#include "player/sim/video.h"

namespace sim {

enum class ModelKind { kReference, kRequest };

struct BenchOptions {
  ModelKind model = ModelKind::kReference;
  ReferenceModelOptions reference;
  RequestModelOptions request;
  size_t jobs = 1;      // worker threads
  size_t repeat = 1;    // run each session this many times (timing only; results from the first)
  bool keep_logs = true;
};

struct SessionOutcome {
  size_t trace = 0;      // index into the traces
  size_t algorithm = 0;  // index into the algorithm names
  SessionMetrics metrics;
  SessionLog log;        // empty unless keep_logs
  double cpu_s = 0;      // time spent simulating (all repeats)
};

struct BenchResult {
  std::vector<std::string> algorithms;
  std::vector<std::string> traces;
  std::vector<SessionOutcome> sessions;  // trace-major, then algorithm, in input order
};

// `progress(done, total)` is called from worker threads (serialised).
media::Result<BenchResult> run_bench(const std::vector<media::NetworkTrace>& traces, const VideoModel& video,
                                     const std::vector<std::string>& algorithms, const BenchOptions& options,
                                     const std::function<void(size_t, size_t)>& progress = {});

// One session with a fresh algorithm, for tests and tools.
media::Result<SessionLog> run_session(const media::NetworkTrace& trace, const VideoModel& video,
                                      const std::string& algorithm, const BenchOptions& options);

}  // namespace sim
