// The bench's outputs: the comparison table on stdout, sessions.csv,
// summary.csv, summary.json and report.html (inline SVG: QoE CDFs per
// algorithm, bitrate against rebuffering, time series of chosen sessions).
// Pure formatting: the caller runs the sessions (bench.h) and re-runs the
// few chosen for time series (sessions are deterministic).
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "media/error.h"
#include "player/sim/bench.h"

namespace sim {

struct AlgorithmSummary {
  std::string algorithm;
  size_t sessions = 0;        // sessions that ran
  size_t failed = 0;          // sessions that ended in an error (not in the means)
  SessionMetrics mean;        // mean of each metric over the sessions
  double sessions_per_s = 0;  // one core: sessions / time spent in them
};

std::vector<AlgorithmSummary> summarize(const BenchResults& results);

struct ReportInfo {
  std::string video;                       // VideoModel's description
  std::string model;                       // "reference" or "request"
  std::vector<std::string> trace_sources;  // the --traces arguments
  std::string default_algorithm;           // what "default" stands for
};

// The sessions of one trace, re-run for the time-series plots.
struct ChosenSessions {
  std::string trace;
  double mean_rate_bps = 0;
  std::vector<std::pair<std::string, SessionResult>> runs;  // (algorithm, its session)
};

// Traces at the 10th, 50th and 90th percentile of mean link rate (distinct).
std::vector<size_t> pick_traces_for_time_series(std::span<const BenchTrace> traces);
// The default algorithm (when run) and the others with the best mean QoE_lin, up to `count`.
std::vector<size_t> pick_algorithms_for_time_series(const std::vector<AlgorithmSummary>& summaries,
                                                    const std::string& default_algorithm, size_t count = 4);

// A fixed-width table, one row per algorithm.
std::string format_table(const std::vector<AlgorithmSummary>& summaries);
std::string sessions_csv(const BenchResults& results, std::span<const BenchTrace> traces);
// Every throughput prediction against what followed: algorithm,trace,segment,predicted_bps,actual_bps.
std::string predictions_csv(const BenchResults& results, std::span<const BenchTrace> traces);
std::string summary_csv(const std::vector<AlgorithmSummary>& summaries);
std::string summary_json(const ReportInfo& info, const BenchResults& results,
                         const std::vector<AlgorithmSummary>& summaries);
std::string report_html(const ReportInfo& info, const VideoModel& video, const BenchResults& results,
                        const std::vector<AlgorithmSummary>& summaries, const std::vector<ChosenSessions>& chosen);

// One line per chunk of a session: what was chosen, why, and what followed.
std::string explain_session(const std::string& algorithm, const std::string& trace, const VideoModel& video,
                            const SessionResult& session);

// Writes the four files into `dir` (created if needed), each atomically.
media::Status write_reports(const std::filesystem::path& dir, const ReportInfo& info, const VideoModel& video,
                            const BenchResults& results, std::span<const BenchTrace> traces,
                            const std::vector<ChosenSessions>& chosen);

}  // namespace sim
