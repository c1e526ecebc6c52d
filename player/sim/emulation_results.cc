#include "player/sim/emulation_results.h"

#include <algorithm>
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

}  // namespace

media::Result<EmulationResults> read_emulation_results(const fs::path& dir, const std::string& default_algorithm) {
  auto tree = find_logs(dir);
  if (!tree.ok()) return tree.error();
  std::set<std::string> trace_names;
  for (const auto& [algorithm, logs] : tree.value())
    for (const auto& [trace, path] : logs) trace_names.insert(trace);

  EmulationResults e;
  BenchResults& r = e.results;
  r.trace_count = trace_names.size();
  std::vector<double> trace_bits(trace_names.size(), 0), trace_download_s(trace_names.size(), 0);
  std::string ladder_source;  // the first readable log, whose ladder every other must share
  for (const auto& [algorithm, logs] : tree.value()) {
    r.algorithms.push_back(algorithm == "default" ? default_algorithm : algorithm);
    size_t t = 0;
    for (const auto& trace : trace_names) {
      SessionOutcome outcome;
      SessionResult session;
      const auto found = logs.find(trace);
      const std::vector<fs::path> paths = found == logs.end() ? std::vector<fs::path>{} : found->second;
      if (paths.empty())
        outcome.error = (dir / algorithm / (trace + kLogExtension)).string() + ": no such log (other algorithms have one)";
      std::vector<double> bitrates;
      for (size_t k = 0; k < paths.size() && outcome.ok(); ++k) {
        auto log = read_player_log(paths[k]);
        if (log.ok() && ladder_source.empty()) {
          ladder_source = paths[k].string();
          e.video = ladder_video(log.value(), "emulated: " + log.value().url);
        } else if (log.ok() && log.value().ladder_bps != e.video.bitrates_bps) {
          log = media::make_error(media::ErrorCode::kInvalidArgument,
                                  paths[k].string() + ": video ladder differs from " + ladder_source + "'s");
        }
        if (!log.ok()) {
          outcome.error = log.error().message;
          break;
        }
        outcome.players.push_back(player_log_metrics(log.value()));
        bitrates.push_back(outcome.players.back().bitrate_mbps);
        for (const auto& chunk : log.value().session.chunks) {
          trace_bits[t] += chunk.size_bytes * 8;
          trace_download_s[t] += chunk.delay_s;
        }
        if (k == 0) session = std::move(log.value().session);  // the time series show the first player
      }
      if (outcome.ok()) {
        outcome.metrics = mean_metrics(outcome.players);
        outcome.jain = jain_index(bitrates);
        // The trace itself is unknown here: the link's utilisation is not measured.
        outcome.utilisation = paths.size() > 1 ? std::numeric_limits<double>::quiet_NaN() : 0;
        if (paths.size() == 1) outcome.players.clear();
      } else {
        session = {};
        e.errors.push_back(outcome.error);
      }
      r.outcomes.push_back(std::move(outcome));
      e.sessions.push_back(std::move(session));
      ++t;
    }
  }
  if (ladder_source.empty())
    return media::make_error(media::ErrorCode::kParse, "player logs '" + dir.string() +
                                                           "': no readable log; the first problem: " + e.errors.front());
  size_t t = 0;
  for (const auto& name : trace_names) {
    BenchTrace trace;
    trace.trace.name = name;
    const double rate_bps = trace_download_s[t] > 0 ? trace_bits[t] / trace_download_s[t] : 0;
    trace.trace.periods.push_back({1.0, rate_bps, 0});
    e.traces.push_back(std::move(trace));
    ++t;
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
