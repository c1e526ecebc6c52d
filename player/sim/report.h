// The bench's outputs: the comparison table on stdout, sessions.csv,
// summary.csv, summary.json and report.html (inline SVG: QoE CDFs per
// algorithm, bitrate vs rebuffering, time series of chosen sessions).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "media/error.h"
#include "player/sim/bench.h"

namespace sim {

struct AlgorithmSummary {
  std::string algorithm;
  size_t sessions = 0;
  SessionMetrics mean;
  double sessions_per_s = 0;  // single-thread simulation speed (sessions / Σ session time)
};

struct ReportInfo {
  std::string video;
  std::string model;               // "reference" or "request"
  std::vector<std::string> trace_sources;
  std::string default_algorithm;   // what "default" stands for, to pick the sessions to plot
};

std::vector<AlgorithmSummary> summarize(const BenchResult& result);

// A fixed-width table, one row per algorithm.
std::string format_table(const std::vector<AlgorithmSummary>& summaries);

std::string sessions_csv(const BenchResult& result);
std::string summary_csv(const std::vector<AlgorithmSummary>& summaries);
std::string summary_json(const ReportInfo& info, const BenchResult& result, const std::vector<AlgorithmSummary>& summaries);
std::string report_html(const ReportInfo& info, const BenchResult& result, const std::vector<AlgorithmSummary>& summaries,
                        const std::vector<double>& trace_mean_rates_bps);

// Writes the four files into `dir` (created if needed), each atomically.
media::Status write_reports(const std::filesystem::path& dir, const ReportInfo& info, const BenchResult& result,
                            const std::vector<double>& trace_mean_rates_bps);

}  // namespace sim
