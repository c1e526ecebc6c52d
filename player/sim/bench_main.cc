// dash-abr-bench: replays network traces through the ABR algorithms and
// compares them, one table per group of traces. See player/sim/README.md.
//
//   dash-abr-bench --traces DIR... --video PATH [--abr NAME,...|all]
//                  [--group NAME:VIDEO:PATH[,PATH...]]... [--model reference|request|player] [--jobs N]
//                  [--players N [--join-every S]] [--out DIR]
//   dash-abr-bench --player-logs DIR [--traces T --video V --abr a,b] [--join-every S] [--out DIR]
//                  (real players' logs)
#include <CLI/CLI.hpp>
#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "media/text.h"
#include "player/abr/registry.h"
#include "player/abr_exec/any_algorithm.h"
#include "player/sim/bench.h"
#include "player/sim/emulation_report.h"
#include "player/sim/progress_bar.h"
#include "player/sim/report.h"
#include "player/sim/report_format.h"
#include "player/sim/trace_groups.h"
#include "player/sim/video_source.h"

namespace {

struct Cli {
  std::vector<std::string> trace_paths, group_specs;
  std::string video_path, abr_list = "all", model = "reference", out_dir, subset = "all";
  std::string explain, player_logs;
  std::string players = "1", join_every = "2";  // checked by parse_players (one clear line for any bad value)
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  unsigned repeat = 1;
  bool list_abr = false, quiet = false;
  bool live = false;
  sim::LiveModelOptions live_options;
  sim::BenchOptions options;
};

void add_options(CLI::App& app, Cli& c) {
  app.add_option("--traces", c.trace_paths,
                 "trace files or directories (Pensieve cooked, Sabre JSON, Mahimahi); each one is a group with --video");
  app.add_option("--video", c.video_path,
                 "Pensieve size directory (video_size_0...), Sabre movie .json, or a presentation (.mpd or its "
                 "directory, with segments.json)");
  app.add_option("--group", c.group_specs,
                 "a group with its own video: NAME:VIDEO:PATH[,PATH...] (repeatable)");
  app.add_option("--abr", c.abr_list,
                 "algorithms, comma-separated; 'all' = every registered baseline and ours (not fixed or test peers); "
                 "exec:CMD runs an external program (player/abr_exec/README.md)")
      ->capture_default_str();
  app.add_option("--model", c.model,
                 "network/player model: reference (Pensieve's, exact), request (Sabre-like) or player (the "
                 "player's own session in virtual time)")
      ->check(CLI::IsMember({"reference", "request", "player"}))
      ->capture_default_str();
  app.add_option("--jobs,-j", c.jobs, "worker threads")->check(CLI::Range(1u, 1024u))->capture_default_str();
  app.add_option("--out,-o", c.out_dir,
                 "write sessions.csv, summary.csv, predictions.csv, summary.json, report.html here");
  app.add_option("--subset", c.subset, "use all traces, or every other one in name order (even: 0,2,4...; odd: 1,3,...)")
      ->check(CLI::IsMember({"all", "even", "odd"}))
      ->capture_default_str();
  app.add_option("--buffer-cap", c.options.request.buffer_cap_s, "request and player models: maximum buffer (s)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--latency-scale", c.options.request.latency_scale,
                 "request and player models: multiplies trace latencies")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--progress-interval", c.options.request.progress_interval_s,
                 "request model: seconds between abandonment checks; player model: between progress reports")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--first-rung", c.options.reference.first_rung, "reference model: rung of chunk 0")
      ->capture_default_str();
  app.add_option("--exec-timeout", c.options.exec.answer_timeout_s,
                 "exec:CMD algorithms: seconds to wait for an answer before the program counts as hung")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--repeat", c.repeat, "run every session this many times (for timing; results are identical)")
      ->check(CLI::Range(1u, 100000u))
      ->capture_default_str();
  app.add_option("--explain", c.explain,
                 "print every decision (rung, reason, delay, buffer) of each algorithm on the trace of this name");
  app.add_option("--player-logs", c.player_logs,
                 "report real players' sessions instead: DIR/<algorithm or player>/<trace>.jsonl, or "
                 "DIR/<algorithm>/<trace>/<player>.jsonl for players that shared the trace's link (as "
                 "scripts/emulate-abr.sh writes them); with --traces each session's delivered rate is checked, "
                 "with --video its segments and ladder, with both and --abr those algorithms are simulated too");
  app.add_option("--players", c.players,
                 "player model: N players (1-256) of each algorithm share each trace's link (fair share among "
                 "active downloads)")
      ->capture_default_str();
  app.add_option("--join-every", c.join_every, "with --players: player k joins at k times this many seconds (with --player-logs: when they "
                 "joined, for the tables and the shared link's delivered-rate check)")
      ->capture_default_str();
  app.add_flag("--live", c.live,
               "live sessions (request model, the default with --live): segments become available as the live "
               "edge moves, the player starts at the edge minus --target-latency and catches up at 1.05x");
  app.add_option("--target-latency", c.live_options.target_latency_s, "with --live: target latency (s)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--chunk-duration", c.live_options.chunk_duration_s,
                 "with --live: CMAF chunk duration (s), dividing the segment duration; 0: whole segments")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_flag("--list-abr", c.list_abr, "list the algorithms and exit");
  app.add_flag("--quiet,-q", c.quiet, "no progress bar");
}

int fail(const std::string& message) {
  std::fprintf(stderr, "dash-abr-bench: %s\n", message.c_str());
  return 1;
}

// --join-every: seconds ≥ 0.
media::Result<double> parse_join_every(const std::string& text) {
  size_t used = 0;
  double s = -1;
  try {
    s = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !(s >= 0) || !std::isfinite(s))
    return media::make_error(media::ErrorCode::kInvalidArgument, "--join-every: expected seconds ≥ 0, got '" + text + "'");
  return s;
}

// --players and --join-every, checked here so that any bad value gives one line.
media::Result<sim::SharedLinkOptions> parse_players(const Cli& c, bool join_every_given) {
  constexpr unsigned long kMaxPlayers = 256;
  sim::SharedLinkOptions link;
  size_t used = 0;
  unsigned long n = 0;
  try {
    n = std::stoul(c.players, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != c.players.size() || c.players[0] == '-' || n < 1 || n > kMaxPlayers)
    return media::make_error(media::ErrorCode::kInvalidArgument,
                             "--players: expected a whole number from 1 to " + std::to_string(kMaxPlayers) +
                                 ", got '" + c.players + "'");
  link.players = n;
  auto join_every = parse_join_every(c.join_every);
  if (!join_every) return join_every.error();
  link.join_every_s = join_every.value();
  if (link.players > 1 && c.model != "player")
    return media::make_error(media::ErrorCode::kInvalidArgument,
                             "--players " + c.players + " needs --model player (players share a link in the "
                             "player's engine only)");
  if (link.players == 1 && join_every_given)
    return media::make_error(media::ErrorCode::kInvalidArgument, "--join-every needs --players N with N > 1");
  return link;
}

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

void list_algorithms() {
  for (const auto& info : abr::algorithms())
    std::printf("%-12s %s\n", std::string(info.name).c_str(), std::string(info.summary).c_str());
  std::printf("%-12s = %s\n", "default", std::string(abr::default_algorithm_name()).c_str());
  std::printf("%-12s %s\n", "exec:CMD", "an external program speaking JSON lines (player/abr_exec/README.md)");
}

// For external algorithms: how fast the pipe answered, over every session so
// far, and a typical round trip. The first answer of each program waited for
// it to start: shown apart.
void print_exec_speed(const std::vector<std::string>& algorithms) {
  for (const auto& name : algorithms) {
    if (!name.starts_with(abr_exec::kExecPrefix)) continue;
    const auto c = abr_exec::exec_counters(name.substr(abr_exec::kExecPrefix.size()));
    std::printf("%s: %zu answers over the pipe in %.3f s: %.0f decisions/s, median round trip %.0f us (not counted: "
                "the first answer of each of %zu programs, start-up included, %.3f s)\n",
                name.c_str(), c.answers, c.seconds, c.answers_per_s(), c.median_us(), c.first_answers, c.first_seconds);
  }
}

// The sessions of the time-series plots, re-run (sessions are deterministic).
// With players on a shared link: every player of one algorithm, in link time.
std::vector<sim::ChosenSessions> choose_sessions(const sim::TraceGroup& group, const sim::BenchResults& results,
                                                 const std::vector<sim::AlgorithmSummary>& summaries,
                                                 const sim::BenchOptions& options) {
  std::vector<sim::ChosenSessions> chosen;
  const auto picked = sim::pick_algorithms_for_time_series(summaries, std::string(abr::default_algorithm_name()));
  for (size_t t : sim::pick_traces_for_time_series(group.traces)) {
    sim::ChosenSessions c;
    c.trace = group.traces[t].trace.name;
    c.mean_rate_bps = group.traces[t].trace.mean_rate_bps();
    if (options.link.players > 1) {
      sim::SharedLinkResult shared;
      const std::string& algorithm = results.algorithms[picked.front()];
      if (sim::run_shared_link(group.traces[t], algorithm, options, shared).ok())
        for (size_t k = 0; k < shared.players.size(); ++k) {
          for (auto& chunk : shared.players[k].chunks) chunk.request_s += shared.join_s[k];
          c.runs.emplace_back(algorithm + " player " + std::to_string(k), std::move(shared.players[k]));
        }
      chosen.push_back(std::move(c));
      continue;
    }
    for (size_t a : picked) {
      sim::SessionResult session;
      if (sim::run_session(group.video, group.traces[t], results.algorithms[a], options, session).ok())
        c.runs.emplace_back(results.algorithms[a], std::move(session));
    }
    chosen.push_back(std::move(c));
  }
  return chosen;
}

// Every decision of every algorithm on the traces named `trace` (in any group).
int explain_trace(const std::vector<sim::TraceGroup>& groups, const std::vector<std::string>& algorithms,
                  const std::string& trace, const std::vector<sim::BenchOptions>& options) {
  bool found = false;
  for (size_t i = 0; i < groups.size(); ++i)
    for (const auto& t : groups[i].traces) {
      if (t.trace.name != trace) continue;
      found = true;
      for (const auto& algorithm : algorithms) {
        if (options[i].link.players > 1) {
          sim::SharedLinkResult shared;
          if (auto st = sim::run_shared_link(t, algorithm, options[i], shared); !st.ok()) return fail(st.error().message);
          for (size_t k = 0; k < shared.players.size(); ++k)
            std::fputs(("\n" + sim::explain_session(algorithm + " player " + std::to_string(k), trace, groups[i].video,
                                                    shared.players[k]))
                           .c_str(),
                       stdout);
          continue;
        }
        sim::SessionResult session;
        if (auto st = sim::run_session(groups[i].video, t, algorithm, options[i], session); !st.ok())
          return fail(st.error().message);
        std::fputs(("\n" + sim::explain_session(algorithm, trace, groups[i].video, session)).c_str(), stdout);
      }
    }
  return found ? 0 : fail("--explain: no trace named '" + trace + "'");
}

// The options of sessions on `video`: the command line's, the players per
// link, and for the player model the presentation (a packaged one plays as it
// is, with audio and init segments; other videos become one).
media::Result<sim::BenchOptions> model_options(const Cli& c, bool progress_interval_given,
                                               const sim::SharedLinkOptions& link, const std::string& video_path,
                                               const sim::VideoModel& video) {
  sim::BenchOptions options = c.options;
  options.link = link;
  options.model = c.model == "request"  ? sim::NetworkModelKind::kRequest
                  : c.model == "player" ? sim::NetworkModelKind::kPlayer
                                        : sim::NetworkModelKind::kReference;
  options.jobs = c.jobs;
  options.repeat = c.repeat;
  if (c.live) {
    options.live = c.live_options;
    // One line before any session runs, rather than every session failing.
    const double chunk_s = c.live_options.chunk_duration_s, segment_s = video.segment_duration_s;
    if (chunk_s > 0 && chunk_s < segment_s && std::fabs(segment_s / chunk_s - std::round(segment_s / chunk_s)) > 1e-6)
      return media::make_error(media::ErrorCode::kInvalidArgument,
                               "--chunk-duration " + sim::fmt("%g", chunk_s) + " s does not divide the " +
                                   sim::fmt("%g", segment_s) + " s segments of " + video_path);
  }
  if (options.model != sim::NetworkModelKind::kPlayer) return options;
  options.player.buffer_cap_s = options.request.buffer_cap_s;
  options.player.latency_scale = options.request.latency_scale;
  if (progress_interval_given) options.player.progress_interval_s = options.request.progress_interval_s;
  const std::filesystem::path path(video_path);
  const bool on_disk = path.extension() == ".mpd" || std::filesystem::is_regular_file(path / "segments.json");
  auto content = on_disk ? sim::player_content(path) : sim::player_content(video);
  if (!content) return content.error();
  options.player_content = std::move(content).value();
  return options;
}

// --player-logs: real players' sessions, checked against --traces and
// --video when given, with the --abr algorithms simulated alongside.
// --join-every there says when the logs' players joined their link (tables,
// delivered-rate check), whatever --players the simulated rows have.
int run_player_logs(const Cli& c, bool progress_interval_given, bool abr_given) {
  auto link = parse_players(c, /*join_every_given=*/false);
  if (!link) return fail(link.error().message);
  sim::BenchOptions options = c.options;
  if (!c.video_path.empty()) {  // the model of the simulated rows
    auto video = sim::load_video(c.video_path);
    if (!video) return fail(video.error().message);
    auto o = model_options(c, progress_interval_given, link.value(), c.video_path, video.value());
    if (!o) return fail(o.error().message);
    options = std::move(o).value();
  }
  return sim::report_player_logs({c.player_logs, c.out_dir, c.trace_paths, c.video_path,
                                  abr_given ? expand_algorithms(c.abr_list) : std::vector<std::string>{}, options,
                                  link->join_every_s});
}

// What the files and the table say about one group.
sim::GroupReport group_report(const sim::TraceGroup& g, bool named, const sim::BenchResults& results,
                              const sim::BenchOptions& options, const std::string& subset) {
  std::ostringstream video;
  video << g.video;
  sim::GroupReport report;
  std::string model = sim::to_string(options.model);
  if (options.live)
    model += " live, target latency " + sim::fmt("%g", options.live->target_latency_s) + " s, " +
             (options.live->chunk_duration_s > 0 ? sim::fmt("%g", options.live->chunk_duration_s) + " s chunks"
                                                 : std::string("whole segments"));
  report.info = {video.str(), model, g.sources, std::string(abr::default_algorithm_name()), named ? g.name : ""};
  if (subset != "all") report.info.trace_sources.push_back("(" + subset + " half)");
  report.video = &g.video;
  report.results = &results;
  report.traces = g.traces;
  report.summaries = sim::summarize(results);
  report.info.players = options.link.players;
  report.info.join_every_s = options.link.join_every_s;
  return report;
}

bool any_session_failed(const std::vector<sim::BenchResults>& results) {
  for (const auto& r : results)
    for (const auto& outcome : r.outcomes)
      if (!outcome.ok()) return true;
  return false;
}

// The group's table on stdout; the first failed session of each algorithm on stderr.
void print_group(const sim::GroupReport& report, const sim::TraceGroup& g) {
  std::printf("%s%s; %s model; %zu traces\n", g.name.empty() ? "" : (g.name + ": ").c_str(),
              report.info.video.c_str(), report.info.model.c_str(), g.traces.size());
  std::fputs(sim::format_table(report.summaries).c_str(), stdout);
  if (report.info.players > 1) {
    std::printf("%zu players per link, player k joining at k x %.1f s:\n", report.info.players, report.info.join_every_s);
    std::fputs(sim::format_players_table(report.summaries, report.info.join_every_s).c_str(), stdout);
  }
  const sim::BenchResults& r = *report.results;
  for (size_t a = 0; a < r.algorithms.size(); ++a)
    for (size_t t = 0; t < g.traces.size(); ++t)
      if (!r.at(a, t).ok()) {
        std::fprintf(stderr, "dash-abr-bench: %s: %s\n", r.algorithms[a].c_str(), r.at(a, t).error.c_str());
        break;  // one line per algorithm is enough
      }
}

int run_simulation(const Cli& c, bool progress_interval_given, bool join_every_given) {
  auto link = parse_players(c, join_every_given);
  if (!link) return fail(link.error().message);
  auto groups = sim::load_trace_groups(c.trace_paths, c.video_path, c.group_specs, c.subset);
  if (!groups) return fail(groups.error().message);
  const auto algorithms = expand_algorithms(c.abr_list);
  if (algorithms.empty()) return fail("--abr names no algorithm");

  std::vector<sim::BenchOptions> options;
  std::vector<sim::BenchResults> results;
  results.reserve(groups->size());
  for (const auto& g : groups.value()) {
    auto o = model_options(c, progress_interval_given, link.value(), g.video_path, g.video);
    if (!o) return fail(o.error().message);
    options.push_back(std::move(o).value());
    sim::ProgressBar bar(!c.quiet);
    auto r = sim::run_bench(g.video, g.traces, algorithms, options.back(),
                            [&](size_t done, size_t total) { bar.update(done, total); });
    bar.finish();
    if (!r) return fail(r.error().message);
    results.push_back(std::move(r.value()));
  }

  std::vector<sim::GroupReport> reports;
  for (size_t i = 0; i < groups->size(); ++i) {
    reports.push_back(group_report(groups.value()[i], groups->size() > 1, results[i], options[i], c.subset));
    if (i) std::printf("\n");
    print_group(reports.back(), groups.value()[i]);
  }
  print_exec_speed(algorithms);

  if (!c.explain.empty())
    if (int rc = explain_trace(groups.value(), results.front().algorithms, c.explain, options); rc != 0) return rc;

  if (!c.out_dir.empty()) {
    for (size_t i = 0; i < reports.size(); ++i)
      reports[i].chosen = choose_sessions(groups.value()[i], results[i], reports[i].summaries, options[i]);
    if (auto st = sim::write_reports(c.out_dir, reports); !st.ok()) return fail(st.error().message);
    std::printf("wrote %s/{sessions.csv,summary.csv,predictions.csv,summary.json,report.html%s}\n", c.out_dir.c_str(),
                link->players > 1 ? ",players.csv" : "");
  }
  // A failed session (an external program that exited, hung or said a wrong
  // hello) was reported on stderr; scripts also see it in the status.
  return any_session_failed(results) ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Replay network traces through ABR algorithms and compare them (QoE, bitrate, rebuffering)."};
  Cli cli;
  add_options(app, cli);
  CLI11_PARSE(app, argc, argv);
  // Sessions allocate and free the same memory thousands of times a second;
  // without this glibc hands it back to the kernel and faults it in again.
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  if (cli.list_abr) {
    list_algorithms();
    return 0;
  }
  if (cli.live || app.count("--target-latency") > 0 || app.count("--chunk-duration") > 0) {
    if (!cli.live) return fail("--target-latency and --chunk-duration need --live");
    if (app.count("--model") == 0) cli.model = "request";
    if (cli.model != "request") return fail("--live needs --model request (live runs in the request model only)");
    if (!cli.player_logs.empty()) return fail("--live does not apply to --player-logs");
    if (cli.live_options.chunk_duration_s > 0 && cli.live_options.chunk_duration_s >= cli.live_options.target_latency_s)
      std::fprintf(stderr, "dash-abr-bench: note: a chunk of %g s cannot be played at a latency of %g s\n",
                   cli.live_options.chunk_duration_s, cli.live_options.target_latency_s);
  }
  if (!cli.player_logs.empty())
    return run_player_logs(cli, app.count("--progress-interval") > 0, app.count("--abr") > 0);
  return run_simulation(cli, app.count("--progress-interval") > 0, app.count("--join-every") > 0);
}
