#include "player/sim/bench.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <time.h>

#include "media/clock.h"
#include "player/abr/registry.h"
#include "player/abr_exec/any_algorithm.h"
#include "player/sim/reference_network.h"

namespace sim {
namespace {

// CPU seconds of the calling thread: a session's cost on one core, whatever
// else the machine runs.
double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// An external algorithm works in its own process, and the session waits for
// its answers: its cost is wall time.
double session_clock_s(const std::string& algorithm) {
  return algorithm.starts_with("exec:") ? media::steady_now_s() : thread_cpu_s();
}

}  // namespace

std::vector<BenchTrace> prepare_traces(std::vector<media::NetworkTrace> traces) {
  std::vector<BenchTrace> out;
  out.reserve(traces.size());
  for (auto& t : traces) {
    BenchTrace b;
    b.samples = reference_samples(t);
    b.trace = std::move(t);
    out.push_back(std::move(b));
  }
  return out;
}

namespace {

media::Status run_with(const VideoModel& video, const BenchTrace& trace, std::unique_ptr<abr::AbrAlgorithm> algorithm,
                       const BenchOptions& options, SessionResult& out) {
  if (options.live && options.model != NetworkModelKind::kRequest)
    return media::make_error(media::ErrorCode::kInvalidArgument, "live sessions run in the request model only");
  switch (options.model) {
    case NetworkModelKind::kReference:
      return run_reference_session(video, trace.samples, *algorithm, options.reference, out);
    case NetworkModelKind::kRequest:
      if (options.live) return run_live_session(video, trace.trace.periods, *algorithm, options.request, *options.live, out);
      return run_request_session(video, trace.trace.periods, *algorithm, options.request, out);
    case NetworkModelKind::kPlayer:
      if (!options.player_content)
        return media::make_error(media::ErrorCode::kInvalidArgument, "the player model needs its content");
      return run_player_session(*options.player_content, trace.trace.periods, std::move(algorithm), options.player, out);
  }
  return media::make_error(media::ErrorCode::kInternal, "unknown model");
}

// One job of the bench: a session, or all the players on one link.
media::Status run_job(const VideoModel& video, const BenchTrace& trace, const std::string& algorithm,
                      const BenchOptions& options, const QoeScales& scales, SessionResult& session,
                      SessionOutcome& outcome) {
  if (options.link.players <= 1) {
    auto made = abr_exec::make_any_algorithm(algorithm, options.exec);
    if (!made) return made.error();
    DS_RETURN_IF_ERROR(run_with(video, trace, std::move(made).value(), options, session));
    outcome.metrics = session_metrics(session, video, scales);
    outcome.predictions = prediction_samples(session);
    return {};
  }
  SharedLinkResult shared;
  DS_RETURN_IF_ERROR(run_shared_link(trace, algorithm, options, shared));
  outcome = shared_link_outcome(shared, video, scales);
  return {};
}

}  // namespace

SessionOutcome shared_link_outcome(const SharedLinkResult& shared, const VideoModel& video, const QoeScales& scales) {
  SessionOutcome outcome;
  std::vector<double> bitrates;
  for (const auto& p : shared.players) {
    outcome.players.push_back(session_metrics(p, video, scales));
    bitrates.push_back(outcome.players.back().bitrate_mbps);
    for (const auto& x : prediction_samples(p)) outcome.predictions.push_back(x);
  }
  outcome.metrics = mean_metrics(outcome.players);
  outcome.jain = jain_index(bitrates);
  outcome.utilisation = shared.utilisation();
  return outcome;
}

media::Status run_shared_link(const BenchTrace& trace, std::string_view algorithm, const BenchOptions& options,
                              SharedLinkResult& out) {
  if (options.model != NetworkModelKind::kPlayer || !options.player_content)
    return media::make_error(media::ErrorCode::kInvalidArgument, "several players on one link need the player model");
  // Every player's algorithm is made first: a bad name fails before any runs.
  std::vector<std::unique_ptr<abr::AbrAlgorithm>> algorithms;
  for (size_t k = 0; k < options.link.players; ++k) {
    auto made = abr_exec::make_any_algorithm(algorithm, options.exec);
    if (!made) return made.error();
    algorithms.push_back(std::move(made).value());
  }
  size_t next = 0;
  return run_shared_link_sessions(*options.player_content, trace.trace.periods,
                                  [&] { return std::move(algorithms[next++]); }, options.player, options.link, out);
}

media::Status run_session(const VideoModel& video, const BenchTrace& trace, std::string_view algorithm,
                          const BenchOptions& options, SessionResult& out) {
  auto made = abr_exec::make_any_algorithm(algorithm, options.exec);
  if (!made) return made.error();
  return run_with(video, trace, std::move(made).value(), options, out);
}

media::Result<BenchResults> run_bench(const VideoModel& video, std::span<const BenchTrace> traces,
                                      const std::vector<std::string>& algorithms, const BenchOptions& options,
                                      const std::function<void(size_t, size_t)>& progress) {
  BenchResults results;
  for (const auto& name : algorithms) {
    auto made = abr_exec::make_any_algorithm(name, options.exec);  // validates the name before any work starts
    if (!made) return made.error();
    results.algorithms.push_back(name == "default" ? std::string(abr::default_algorithm_name()) : name);
  }
  results.trace_count = traces.size();
  const size_t total = algorithms.size() * traces.size();
  results.outcomes.resize(total);
  results.session_seconds.assign(algorithms.size(), 0);
  results.sessions_timed.assign(algorithms.size(), 0);
  if (total == 0) return results;

  const QoeScales scales(video);
  const unsigned jobs = std::clamp<unsigned>(options.jobs, 1, static_cast<unsigned>(std::min<size_t>(total, 256)));
  const unsigned repeat = std::max(1u, options.repeat);
  std::atomic<size_t> next{0}, done{0};
  std::mutex finished_mutex;  // guards nothing but the wait on `finished`
  std::condition_variable finished;
  // Per worker, per algorithm timing, merged after the join (no sharing).
  std::vector<std::vector<double>> seconds(jobs, std::vector<double>(algorithms.size(), 0));
  const double start_s = media::steady_now_s();
  {
    std::vector<std::jthread> workers;
    for (unsigned w = 0; w < jobs; ++w)
      workers.emplace_back([&, w] {
        SessionResult session;
        // Algorithm-major order: consecutive jobs share an algorithm (warm code).
        for (size_t job = next++; job < total; job = next++) {
          const size_t a = job / traces.size(), t = job % traces.size();
          SessionOutcome& outcome = results.outcomes[job];
          const double t0_s = session_clock_s(results.algorithms[a]);
          for (unsigned k = 0; k < repeat; ++k) {
            const media::Status st = run_job(video, traces[t], results.algorithms[a], options, scales, session, outcome);
            if (!st.ok()) {
              outcome.error = traces[t].trace.name + ": " + st.error().message;
              break;
            }
          }
          // A session's time includes building its algorithm and computing its metrics.
          seconds[w][a] += (session_clock_s(results.algorithms[a]) - t0_s) / repeat;
          if (++done == total) {
            std::scoped_lock lock(finished_mutex);
            finished.notify_all();
          }
        }
      });
    std::unique_lock lock(finished_mutex);
    while (!finished.wait_for(lock, std::chrono::milliseconds(100), [&] { return done.load() == total; }))
      if (progress) progress(done.load(), total);
    if (progress) progress(total, total);
  }
  results.wall_seconds = media::steady_now_s() - start_s;
  for (unsigned w = 0; w < jobs; ++w)
    for (size_t a = 0; a < algorithms.size(); ++a) results.session_seconds[a] += seconds[w][a];
  for (size_t a = 0; a < algorithms.size(); ++a) results.sessions_timed[a] = traces.size();
  return results;
}

}  // namespace sim
