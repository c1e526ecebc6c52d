// The bench's outputs: the comparison table on stdout, sessions.csv,
// summary.csv, predictions.csv, summary.json and report.html (inline SVG: per
// group a table, QoE CDFs per algorithm, bitrate against rebuffering,
// predicted against actual throughput, time series of chosen sessions).
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
  // Several players on one link (--players N > 1), over the traces that ran:
  size_t players = 1;
  std::vector<SessionMetrics> per_player;  // the mean of player k's metrics, in join order
  double jain = 1;                         // mean Jain's index of the players' bitrates
  double utilisation = 0;                  // mean link utilisation
};

std::vector<AlgorithmSummary> summarize(const BenchResults& results);

struct ReportInfo {
  std::string video;                       // VideoModel's description
  std::string model;                       // "reference", "request" or "emulated"
  std::vector<std::string> trace_sources;  // the --traces arguments of the group
  std::string default_algorithm;           // what "default" stands for
  std::string group;                       // the group's name ("" when there is one group)
  size_t players = 1;                      // sessions sharing each trace's link
  double join_every_s = 0;                 // player k joined at k × this
};

// The sessions of one trace, re-run for the time-series plots.
struct ChosenSessions {
  std::string trace;
  double mean_rate_bps = 0;
  std::vector<std::pair<std::string, SessionResult>> runs;  // (algorithm, its session)
};

// Everything the files say about one group of traces.
struct GroupReport {
  ReportInfo info;
  const VideoModel* video = nullptr;
  const BenchResults* results = nullptr;
  std::span<const BenchTrace> traces;
  std::vector<AlgorithmSummary> summaries;  // summarize(*results)
  std::vector<ChosenSessions> chosen;
};

// Traces at the 10th, 50th and 90th percentile of mean link rate (distinct).
std::vector<size_t> pick_traces_for_time_series(std::span<const BenchTrace> traces);
// The default algorithm (when run) and the others with the best mean QoE_lin, up to `count`.
std::vector<size_t> pick_algorithms_for_time_series(const std::vector<AlgorithmSummary>& summaries,
                                                    const std::string& default_algorithm, size_t count = 4);

// A fixed-width table, one row per algorithm (with Jain's index and the
// link's utilisation when players shared it).
std::string format_table(const std::vector<AlgorithmSummary>& summaries);
// With several players on one link: one row per algorithm and player.
std::string format_players_table(const std::vector<AlgorithmSummary>& summaries, double join_every_s);

// The CSV files, one header and every group's rows; the last column names
// the group.
std::string sessions_csv(std::span<const GroupReport> groups);
std::string summary_csv(std::span<const GroupReport> groups);
// Every throughput prediction against what followed:
// algorithm,trace,segment,predicted_bps,actual_bps,group.
std::string predictions_csv(std::span<const GroupReport> groups);
// Several players on one link: every player of every trace:
// algorithm,trace,player,join_s,<the metrics>,jain,link_utilisation,group
// (the last two are the trace's, repeated on each of its players' rows).
std::string players_csv(std::span<const GroupReport> groups);
std::string summary_json(std::span<const GroupReport> groups);
std::string report_html(std::span<const GroupReport> groups);

// One line per chunk of a session: what was chosen, why, and what followed.
std::string explain_session(const std::string& algorithm, const std::string& trace, const VideoModel& video,
                            const SessionResult& session);

// Writes the five files into `dir` (created if needed), each atomically,
// and players.csv when players shared a link.
media::Status write_reports(const std::filesystem::path& dir, std::span<const GroupReport> groups);

}  // namespace sim
