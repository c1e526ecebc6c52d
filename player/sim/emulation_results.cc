#include "player/sim/emulation_results.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "player/sim/player_log.h"

namespace sim {
namespace {

namespace fs = std::filesystem;

constexpr const char* kLogExtension = ".jsonl";

// algorithm directory name → trace name → its logs, both sorted by name: one
// (<trace>.jsonl), or one per player sharing the trace's link
// (<trace>/<player>.jsonl, in name order).
using LogTree = std::map<std::string, std::map<std::string, std::vector<fs::path>>>;

// The logs of players that shared one link, in name order.
std::vector<fs::path> player_logs(const fs::path& trace_dir, std::error_code& ec) {
  std::vector<fs::path> logs;
  for (const auto& file : fs::directory_iterator(trace_dir, ec))
    if (file.is_regular_file() && file.path().extension() == kLogExtension) logs.push_back(file.path());
  std::sort(logs.begin(), logs.end());
  return logs;
}

media::Result<LogTree> find_logs(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return media::make_error(media::ErrorCode::kNotFound, "player logs '" + dir.string() + "': not a directory");
  LogTree tree;
  for (const auto& algorithm : fs::directory_iterator(dir, ec)) {
    if (!algorithm.is_directory()) continue;
    for (const auto& file : fs::directory_iterator(algorithm.path(), ec)) {
      if (file.is_regular_file() && file.path().extension() == kLogExtension)
        tree[algorithm.path().filename().string()][file.path().stem().string()] = {file.path()};
      if (file.is_directory())
        if (auto logs = player_logs(file.path(), ec); !logs.empty())
          tree[algorithm.path().filename().string()][file.path().filename().string()] = std::move(logs);
    }
    if (ec) break;
  }
  if (ec) return media::make_error(media::ErrorCode::kIo, "read player logs '" + dir.string() + "': " + ec.message());
  if (tree.empty())
    return media::make_error(media::ErrorCode::kNotFound,
                             "player logs '" + dir.string() + "': no <algorithm>/<trace>" + kLogExtension + " files");
  return tree;
}

media::Error session_error(const std::string& what) { return media::make_error(media::ErrorCode::kInvalidArgument, what); }

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// The video segments a session should have played and did not (indices, or
// what the log itself reports missing).
std::string missing_segments(const PlayerLog& log, size_t expected) {
  std::vector<bool> played(expected, false);
  for (size_t i : log.video_indices)
    if (i < expected) played[i] = true;
  std::string missing;
  size_t count = 0;
  for (size_t i = 0; i < expected; ++i)
    if (!played[i] && ++count <= 10) missing += (missing.empty() ? "" : ", ") + std::to_string(i);
  if (count > 10) missing += ", ...";
  for (const auto& m : log.missing_segments) missing += (missing.empty() ? "" : ", ") + m;
  if (missing.empty() && log.video_indices.size() != expected)
    missing = std::to_string(log.video_indices.size()) + " video segments delivered for " + std::to_string(expected);
  return missing;
}

const media::NetworkTrace* find_trace(const std::vector<media::NetworkTrace>& traces, const std::string& name) {
  for (const auto& t : traces)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace

media::Result<EmulationResults> read_emulation_results(const fs::path& dir, const std::string& default_algorithm,
                                                        const EmulationChecks& checks) {
  auto tree = find_logs(dir);
  if (!tree.ok()) return tree.error();
  std::vector<std::string> trace_names;
  {
    std::set<std::string> names;
    for (const auto& [algorithm, logs] : tree.value())
      for (const auto& [trace, path] : logs) names.insert(trace);
    trace_names.assign(names.begin(), names.end());
  }
  const size_t trace_count = trace_names.size();

  // Every log read first: the segments a session must play depend on the
  // others. Per algorithm × trace: one log, or one per player of a shared link.
  std::vector<std::vector<media::Result<PlayerLog>>> logs;
  std::vector<std::vector<fs::path>> paths;
  std::vector<size_t> most_segments(trace_count, 0);
  bool any_readable = false;
  for (const auto& [algorithm, by_trace] : tree.value())
    for (size_t t = 0; t < trace_count; ++t) {
      const auto found = by_trace.find(trace_names[t]);
      auto& session_logs = logs.emplace_back();
      if (found == by_trace.end()) {
        paths.push_back({dir / algorithm / (trace_names[t] + kLogExtension)});
        session_logs.push_back(media::make_error(media::ErrorCode::kNotFound,
                                                 paths.back().front().string() + ": no such log (other algorithms have one)"));
        continue;
      }
      paths.push_back(found->second);
      for (const auto& path : found->second) {
        session_logs.push_back(read_player_log(path));
        any_readable = any_readable || session_logs.back().ok();
        if (session_logs.back().ok())
          for (size_t i : session_logs.back().value().video_indices) most_segments[t] = std::max(most_segments[t], i + 1);
      }
    }

  EmulationResults e;
  BenchResults& r = e.results;
  r.trace_count = trace_count;
  std::vector<double> trace_bits(trace_count, 0), trace_download_s(trace_count, 0);
  std::string ladder_source;  // whose ladder every log must share: the presentation's, else the first readable log's
  if (checks.video) {
    e.video = *checks.video;
    ladder_source = "the presentation";
  }
  size_t k = 0;
  for (const auto& [algorithm, by_trace] : tree.value()) {
    r.algorithms.push_back(algorithm == "default" ? default_algorithm : algorithm);
    for (size_t t = 0; t < trace_count; ++t, ++k) {
      const media::NetworkTrace* trace = find_trace(checks.traces, trace_names[t]);
      const size_t expected = checks.video ? checks.video->segment_count : most_segments[t];
      const size_t player_count = logs[k].size();
      // Each player's log: its ladder and its segments; the link's transfers
      // (player p's shifted by when it joined) for the delivered-rate check.
      // A session with missing segments still gets its link measured (printed).
      std::vector<Transfer> transfers;
      std::optional<media::Error> failed;
      bool measurable = true;  // every log read, with the right ladder
      for (size_t p = 0; p < player_count && measurable; ++p) {
        auto& log = logs[k][p];
        const std::string source = paths[k][p].string();
        if (log.ok() && ladder_source.empty()) {
          ladder_source = source + "'s";
          e.video = ladder_video(log.value(), "emulated: " + log.value().url);
        } else if (log.ok() && log.value().ladder_bps != e.video.bitrates_bps) {
          log = session_error(source + ": video ladder differs from " + ladder_source);
        }
        if (!log.ok()) {
          failed = log.error();
          measurable = false;
          break;
        }
        if (const auto missing = missing_segments(log.value(), expected); !missing.empty() && !failed)
          failed = session_error(source + ": missing segments: " + missing);
        const double joined_s = static_cast<double>(p) * checks.join_every_s;
        for (auto transfer : log.value().transfers) {
          transfer.start_s += joined_s;
          transfer.end_s += joined_s;
          transfers.push_back(transfer);
        }
      }
      std::optional<LinkCheck> link;
      if (measurable && trace) link = check_link(std::move(transfers), *trace);
      const std::string link_source =
          player_count == 1 ? paths[k].front().string() : (paths[k].front().parent_path().string() + " (" +
                                                           std::to_string(player_count) + " players on one link)");
      if (!failed && link && (link->ratio() < checks.min_link_ratio || link->ratio() > checks.max_link_ratio))
        failed = session_error(link_source + ": delivered rate " + fixed(link->ratio(), 3) + " of the trace's (" +
                               fixed(link->delivered_bps() / 1e6, 3) + " against " + fixed(link->trace_bps() / 1e6, 3) +
                               " Mbit/s over " + fixed(link->busy_s, 1) + " s busy), outside " +
                               fixed(checks.min_link_ratio, 2) + ".." + fixed(checks.max_link_ratio, 2));
      SessionOutcome outcome;
      SessionResult session;
      if (!failed) {
        std::vector<double> bitrates;
        for (size_t p = 0; p < player_count; ++p) {
          PlayerLog& log = logs[k][p].value();
          outcome.players.push_back(player_log_metrics(log, e.video));
          if (link) outcome.players.back().link_ratio = link->ratio();
          bitrates.push_back(outcome.players.back().bitrate_mbps);
          const auto predictions = prediction_samples(log.session);
          outcome.predictions.insert(outcome.predictions.end(), predictions.begin(), predictions.end());
          for (const auto& chunk : log.session.chunks) {
            trace_bits[t] += chunk.size_bytes * 8;
            trace_download_s[t] += chunk.delay_s;
          }
        }
        session = std::move(logs[k].front().value().session);  // the time series show the first player
        outcome.metrics = player_count == 1 ? outcome.players.front() : mean_metrics(outcome.players);
        if (link) outcome.metrics.link_ratio = link->ratio();
        outcome.jain = jain_index(bitrates);
        // The trace's own rate is not in the logs: the link's utilisation is not measured.
        outcome.utilisation = player_count > 1 ? std::numeric_limits<double>::quiet_NaN() : 0;
        if (player_count == 1) outcome.players.clear();
      } else {
        outcome.error = failed->message;
        e.errors.push_back(outcome.error);
      }
      r.outcomes.push_back(std::move(outcome));
      e.sessions.push_back(std::move(session));
      e.links.push_back(link);
    }
  }
  if (!any_readable)
    return media::make_error(media::ErrorCode::kParse, "player logs '" + dir.string() +
                                                           "': no readable log; the first problem: " + e.errors.front());
  for (size_t t = 0; t < trace_count; ++t) {
    BenchTrace trace;
    trace.trace.name = trace_names[t];
    const double rate_bps = trace_download_s[t] > 0 ? trace_bits[t] / trace_download_s[t] : 0;
    trace.trace.periods.push_back({1.0, rate_bps, 0});
    e.traces.push_back(std::move(trace));
  }
  return e;
}

std::vector<ChosenSessions> choose_emulated_sessions(const EmulationResults& e, const std::string& default_algorithm) {
  const BenchResults& r = e.results;
  const auto picked = pick_algorithms_for_time_series(summarize(r), default_algorithm);
  std::vector<ChosenSessions> chosen;
  for (size_t t : pick_traces_for_time_series(e.traces)) {
    ChosenSessions c;
    c.trace = e.traces[t].trace.name;
    c.mean_rate_bps = e.traces[t].trace.mean_rate_bps();
    for (size_t a : picked)
      if (r.at(a, t).ok()) c.runs.emplace_back(r.algorithms[a], e.sessions[a * r.trace_count + t]);
    chosen.push_back(std::move(c));
  }
  return chosen;
}

}  // namespace sim
