#include "player/sim/bench.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "player/abr/registry.h"

namespace sim {
namespace {

struct PreparedTrace {
  const media::NetworkTrace* trace = nullptr;
  ReferenceTrace reference;  // only for the reference model
};

media::Result<SessionLog> simulate(const PreparedTrace& t, const VideoModel& video, abr::AbrAlgorithm& algorithm,
                                   const BenchOptions& o) {
  if (o.model == ModelKind::kReference) return run_reference_session(t.reference, video, algorithm, o.reference);
  return run_request_session(*t.trace, video, algorithm, o.request);
}

media::Result<PreparedTrace> prepare(const media::NetworkTrace& trace, const BenchOptions& o) {
  PreparedTrace p;
  p.trace = &trace;
  if (o.model == ModelKind::kReference) {
    auto r = make_reference_trace(trace);
    if (!r.ok()) return r.error();
    p.reference = std::move(r).value();
  }
  return p;
}

}  // namespace

media::Result<SessionLog> run_session(const media::NetworkTrace& trace, const VideoModel& video,
                                      const std::string& algorithm, const BenchOptions& options) {
  auto prepared = prepare(trace, options);
  if (!prepared.ok()) return prepared.error();
  auto algo = abr::make_algorithm(algorithm);
  if (!algo.ok()) return algo.error();
  return simulate(*prepared, video, **algo, options);
}

media::Result<BenchResult> run_bench(const std::vector<media::NetworkTrace>& traces, const VideoModel& video,
                                     const std::vector<std::string>& algorithms, const BenchOptions& o,
                                     const std::function<void(size_t, size_t)>& progress) {
  DS_RETURN_IF_ERROR(validate(video));
  BenchResult result;
  result.algorithms = algorithms;
  for (const auto& name : algorithms) {
    auto probe = abr::make_algorithm(name);
    if (!probe.ok()) return probe.error();
  }
  std::vector<PreparedTrace> prepared;
  for (const auto& t : traces) {
    auto p = prepare(t, o);
    if (!p.ok()) return p.error();
    prepared.push_back(std::move(p).value());
    result.traces.push_back(t.name);
  }
  const size_t total = traces.size() * algorithms.size();
  result.sessions.resize(total);
  std::atomic<size_t> next{0}, done{0};
  std::mutex mutex;  // guards first_error and progress calls
  std::optional<media::Error> first_error;

  auto worker = [&] {
    while (true) {
      const size_t job = next.fetch_add(1);
      if (job >= total) return;
      SessionOutcome& out = result.sessions[job];
      out.trace = job / algorithms.size();
      out.algorithm = job % algorithms.size();
      const auto start = std::chrono::steady_clock::now();
      std::optional<SessionLog> first;
      for (size_t rep = 0; rep < std::max<size_t>(o.repeat, 1); ++rep) {
        auto algo = abr::make_algorithm(algorithms[out.algorithm]);
        media::Result<SessionLog> log = algo.ok() ? simulate(prepared[out.trace], video, **algo, o)
                                                  : media::Result<SessionLog>(algo.error());
        if (!log.ok()) {
          std::scoped_lock lock(mutex);
          if (!first_error) first_error = log.error();
          next.store(total);
          return;
        }
        if (!first) first = std::move(log).value();
      }
      out.cpu_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      out.metrics = session_metrics(*first, video);
      if (o.keep_logs) out.log = std::move(*first);
      const size_t finished = done.fetch_add(1) + 1;
      if (progress) {
        std::scoped_lock lock(mutex);
        progress(finished, total);
      }
    }
  };
  const size_t threads = std::max<size_t>(1, std::min(o.jobs, total));
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    for (size_t i = 0; i < threads; ++i) pool.emplace_back(worker);
  }
  if (first_error) return *first_error;
  return result;
}

}  // namespace sim
