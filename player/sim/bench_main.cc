// dash-abr-bench: replays network traces through the ABR algorithms and
// compares them. See player/sim/README.md.
//
//   dash-abr-bench --traces DIR... --video PATH [--abr NAME,...|all]
//                  [--model reference|request] [--jobs N] [--out DIR]
//   dash-abr-bench --player-logs DIR [--out DIR]   (emulated sessions' logs)
#include <CLI/CLI.hpp>
#include <malloc.h>
#include <algorithm>
#include <filesystem>
#include <cstdio>
#include <iostream>
#include <thread>

#include "media/text.h"
#include "player/abr/registry.h"
#include "player/sim/bench.h"
#include "player/sim/emulation_results.h"
#include "player/sim/progress_bar.h"
#include "player/sim/report.h"
#include "player/sim/video_source.h"

namespace {

// "all" stands for every registered algorithm meant for comparisons (in_all).
std::vector<std::string> expand_algorithms(const std::string& list) {
  std::vector<std::string> out;
  for (auto part : media::split(list, ',')) {
    const std::string name(media::trim(part));
    if (name.empty()) continue;
    if (name == "all") {
      for (const auto& info : abr::algorithms())
        if (info.in_all) out.emplace_back(info.name);
    } else {
      out.push_back(name);
    }
  }
  // Keep the first of duplicates ("all,default" lists the default once).
  std::vector<std::string> unique;
  for (auto& n : out) {
    const std::string resolved = n == "default" ? std::string(abr::default_algorithm_name()) : n;
    if (std::find(unique.begin(), unique.end(), resolved) == unique.end()) unique.push_back(resolved);
  }
  return unique;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "dash-abr-bench: %s\n", message.c_str());
  return 1;
}

// --player-logs: the same table and files for real dash-player sessions. Every
// bad or missing log gets one stderr line and makes the exit non-zero; the
// report still covers the sessions that are good.
int report_player_logs(const std::string& logs_dir, const std::string& out_dir) {
  const std::string default_algorithm(abr::default_algorithm_name());
  auto emulation = sim::read_emulation_results(logs_dir, default_algorithm);
  if (!emulation) return fail(emulation.error().message);
  const auto& e = emulation.value();
  std::ostringstream title;
  title << e.video;
  std::printf("%s; emulated (dash-player logs); %zu traces\n", title.str().c_str(), e.traces.size());
  std::fputs(sim::format_table(sim::summarize(e.results)).c_str(), stdout);
  for (const auto& error : e.errors) std::fprintf(stderr, "dash-abr-bench: %s\n", error.c_str());
  if (!out_dir.empty()) {
    sim::ReportInfo info;
    info.video = title.str();
    info.model = "emulated";
    info.trace_sources = {logs_dir};
    info.default_algorithm = default_algorithm;
    const auto chosen = sim::choose_emulated_sessions(e, default_algorithm);
    if (auto st = sim::write_reports(out_dir, info, e.video, e.results, e.traces, chosen); !st.ok())
      return fail(st.error().message);
    std::printf("wrote %s/{sessions.csv,summary.csv,summary.json,report.html}\n", out_dir.c_str());
  }
  return e.errors.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Replay network traces through ABR algorithms and compare them (QoE, bitrate, rebuffering)."};
  std::vector<std::string> trace_paths;
  std::string video_path, abr_list = "all", model = "reference", out_dir, subset = "all";
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  unsigned repeat = 1;
  bool list_abr = false, quiet = false;
  std::string explain, player_logs;
  sim::BenchOptions options;
  app.add_option("--traces", trace_paths, "trace files or directories (Pensieve cooked, Sabre JSON, Mahimahi)");
  app.add_option("--video", video_path,
                 "Pensieve size directory (video_size_0...), Sabre movie .json, or a presentation (.mpd or its "
                 "directory, with segments.json)");
  app.add_option("--abr", abr_list, "algorithms, comma-separated; 'all' = every registered baseline and ours (not fixed or test peers)")
      ->capture_default_str();
  app.add_option("--model", model,
                 "network/player model: reference (Pensieve's, exact), request (Sabre-like) or player (the "
                 "player's own session in virtual time)")
      ->check(CLI::IsMember({"reference", "request", "player"}))
      ->capture_default_str();
  app.add_option("--jobs,-j", jobs, "worker threads")->check(CLI::Range(1u, 1024u))->capture_default_str();
  app.add_option("--out,-o", out_dir, "write sessions.csv, summary.csv, summary.json, report.html here");
  app.add_option("--subset", subset, "use all traces, or every other one in name order (even: 0,2,4...; odd: 1,3,...)")
      ->check(CLI::IsMember({"all", "even", "odd"}))
      ->capture_default_str();
  app.add_option("--buffer-cap", options.request.buffer_cap_s, "request and player models: maximum buffer (s)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--latency-scale", options.request.latency_scale,
                 "request and player models: multiplies trace latencies")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--progress-interval", options.request.progress_interval_s,
                 "request model: seconds between abandonment checks; player model: between progress reports")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--first-rung", options.reference.first_rung, "reference model: rung of chunk 0")
      ->capture_default_str();
  app.add_option("--repeat", repeat, "run every session this many times (for timing; results are identical)")
      ->check(CLI::Range(1u, 100000u))
      ->capture_default_str();
  app.add_option("--explain", explain,
                 "print every decision (rung, reason, delay, buffer) of each algorithm on the trace of this name");
  app.add_option("--player-logs", player_logs,
                 "report real dash-player sessions instead: DIR/<algorithm>/<trace>.jsonl (--log files, as "
                 "scripts/emulate-abr.sh writes them)");
  app.add_flag("--list-abr", list_abr, "list the algorithms and exit");
  app.add_flag("--quiet,-q", quiet, "no progress bar");
  CLI11_PARSE(app, argc, argv);
  // Sessions allocate and free the same memory thousands of times a second;
  // without this glibc hands it back to the kernel and faults it in again.
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 256 << 20);

  if (list_abr) {
    for (const auto& info : abr::algorithms())
      std::printf("%-12s %s\n", std::string(info.name).c_str(), std::string(info.summary).c_str());
    std::printf("%-12s = %s\n", "default", std::string(abr::default_algorithm_name()).c_str());
    return 0;
  }
  if (!player_logs.empty()) return report_player_logs(player_logs, out_dir);
  if (trace_paths.empty()) return fail("--traces is required (a trace file or directory)");
  if (video_path.empty()) return fail("--video is required");

  auto video = sim::load_video(video_path);
  if (!video) return fail(video.error().message);
  std::vector<media::NetworkTrace> traces;
  for (const auto& path : trace_paths) {
    auto read = media::read_traces(path);
    if (!read) return fail(read.error().message);
    for (auto& t : read.value()) traces.push_back(std::move(t));
  }
  if (subset != "all") {
    std::vector<media::NetworkTrace> kept;
    for (size_t i = subset == "even" ? 0 : 1; i < traces.size(); i += 2) kept.push_back(std::move(traces[i]));
    traces = std::move(kept);
  }
  if (traces.empty()) return fail("no traces found in the --traces paths");
  const auto algorithms = expand_algorithms(abr_list);
  if (algorithms.empty()) return fail("--abr names no algorithm");

  options.model = model == "request"  ? sim::NetworkModelKind::kRequest
                  : model == "player" ? sim::NetworkModelKind::kPlayer
                                      : sim::NetworkModelKind::kReference;
  if (options.model == sim::NetworkModelKind::kPlayer) {
    options.player.buffer_cap_s = options.request.buffer_cap_s;
    options.player.latency_scale = options.request.latency_scale;
    if (app.count("--progress-interval") > 0) options.player.progress_interval_s = options.request.progress_interval_s;
    // A packaged presentation plays as it is (audio, init segments); other videos become one.
    const bool on_disk = std::filesystem::path(video_path).extension() == ".mpd" ||
                         std::filesystem::is_regular_file(std::filesystem::path(video_path) / "segments.json");
    auto content = on_disk ? sim::player_content(std::filesystem::path(video_path)) : sim::player_content(video.value());
    if (!content) return fail(content.error().message);
    options.player_content = std::move(content).value();
  }
  options.jobs = jobs;
  options.repeat = repeat;
  const auto bench_traces = sim::prepare_traces(std::move(traces));
  sim::ProgressBar bar(!quiet);
  auto results = sim::run_bench(video.value(), bench_traces, algorithms, options,
                                [&](size_t done, size_t total) { bar.update(done, total); });
  bar.finish();
  if (!results) return fail(results.error().message);

  std::ostringstream title;
  title << video.value();
  std::printf("%s; %s model; %zu traces\n", title.str().c_str(), sim::to_string(options.model), bench_traces.size());
  const auto summaries = sim::summarize(results.value());
  std::fputs(sim::format_table(summaries).c_str(), stdout);
  for (size_t a = 0; a < results.value().algorithms.size(); ++a)
    for (size_t t = 0; t < bench_traces.size(); ++t)
      if (!results.value().at(a, t).ok()) {
        std::fprintf(stderr, "dash-abr-bench: %s: %s\n", results.value().algorithms[a].c_str(),
                     results.value().at(a, t).error.c_str());
        break;  // one line per algorithm is enough
      }

  if (!explain.empty()) {
    const auto found = std::find_if(bench_traces.begin(), bench_traces.end(),
                                    [&](const sim::BenchTrace& t) { return t.trace.name == explain; });
    if (found == bench_traces.end()) return fail("--explain: no trace named '" + explain + "'");
    for (const auto& algorithm : results.value().algorithms) {
      sim::SessionResult session;
      if (auto st = sim::run_session(video.value(), *found, algorithm, options, session); !st.ok())
        return fail(st.error().message);
      std::fputs(("\n" + sim::explain_session(algorithm, explain, video.value(), session)).c_str(), stdout);
    }
  }

  if (!out_dir.empty()) {
    sim::ReportInfo info;
    info.video = title.str();
    info.model = sim::to_string(options.model);
    info.trace_sources = trace_paths;
    if (subset != "all") info.trace_sources.push_back("(" + subset + " half)");
    info.default_algorithm = std::string(abr::default_algorithm_name());
    std::vector<sim::ChosenSessions> chosen;
    const auto picked = sim::pick_algorithms_for_time_series(summaries, info.default_algorithm);
    for (size_t t : sim::pick_traces_for_time_series(bench_traces)) {
      sim::ChosenSessions c;
      c.trace = bench_traces[t].trace.name;
      c.mean_rate_bps = bench_traces[t].trace.mean_rate_bps();
      for (size_t a : picked) {
        sim::SessionResult session;
        if (sim::run_session(video.value(), bench_traces[t], results.value().algorithms[a], options, session).ok())
          c.runs.emplace_back(results.value().algorithms[a], std::move(session));
      }
      chosen.push_back(std::move(c));
    }
    if (auto st = sim::write_reports(out_dir, info, video.value(), results.value(), bench_traces, chosen); !st.ok())
      return fail(st.error().message);
    std::printf("wrote %s/{sessions.csv,summary.csv,summary.json,report.html}\n", out_dir.c_str());
  }
  return 0;
}
