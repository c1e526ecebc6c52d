#include "player/sim/emulation_report.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "player/abr/registry.h"
#include "player/sim/emulation_results.h"
#include "player/sim/report.h"
#include "player/sim/video_source.h"

namespace sim {
namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "dash-abr-bench: %s\n", message.c_str());
  return 1;
}

// The algorithms run in the simulator on the emulated sessions' traces,
// appended to `e` as rows "sim:NAME" (their sessions kept for the time series).
void append_simulated(EmulationResults& e, const VideoModel& video, const std::vector<media::NetworkTrace>& traces,
                      const std::vector<std::string>& algorithms, const BenchOptions& options) {
  std::vector<std::optional<BenchTrace>> prepared;
  for (const auto& emulated : e.traces) {
    const auto trace = std::find_if(traces.begin(), traces.end(),
                                    [&](const media::NetworkTrace& t) { return t.name == emulated.trace.name; });
    prepared.push_back(trace != traces.end() ? std::optional(std::move(prepare_traces({*trace}).front())) : std::nullopt);
  }
  const QoeScales scales(video);
  BenchResults& r = e.results;
  for (const auto& algorithm : algorithms) {
    r.algorithms.push_back("sim:" + algorithm);
    for (size_t t = 0; t < prepared.size(); ++t) {
      SessionOutcome outcome;
      SessionResult session;
      const auto& trace = prepared[t];
      const std::string& name = e.traces[t].trace.name;
      if (!trace) {
        outcome.error = "sim:" + algorithm + ": no trace file named '" + name + "' in --traces";
      } else if (options.link.players > 1) {  // --players N: all of them on the trace's link
        SharedLinkResult shared;
        if (auto st = run_shared_link(*trace, algorithm, options, shared); !st.ok()) {
          outcome.error = "sim:" + algorithm + ": " + name + ": " + st.error().message;
        } else {
          outcome = shared_link_outcome(shared, video, scales);
          if (!shared.players.empty()) session = std::move(shared.players.front());  // the time series show the first
        }
      } else if (auto st = run_session(video, *trace, algorithm, options, session); !st.ok()) {
        outcome.error = "sim:" + algorithm + ": " + name + ": " + st.error().message;
      } else {
        outcome.metrics = session_metrics(session, video, scales);
        outcome.predictions = prediction_samples(session);
      }
      if (!outcome.ok()) e.errors.push_back(outcome.error);
      r.outcomes.push_back(std::move(outcome));
      e.sessions.push_back(std::move(session));
      e.links.emplace_back();
    }
  }
}

void print_link_checks(const EmulationResults& e) {
  const BenchResults& r = e.results;
  for (size_t a = 0; a < r.algorithms.size(); ++a)
    for (size_t t = 0; t < r.trace_count; ++t)
      if (const auto& link = e.links[a * r.trace_count + t])
        std::printf("delivered rate: %-14s %-40s %7.3f of %7.3f Mbit/s over %6.1f s busy: ratio %.3f%s\n",
                    r.algorithms[a].c_str(), e.traces[t].trace.name.c_str(), link->delivered_bps() / 1e6,
                    link->trace_bps() / 1e6, link->busy_s, link->ratio(), r.at(a, t).ok() ? "" : "  (failed)");
}

}  // namespace

int report_player_logs(const PlayerLogsRequest& request) {
  const std::string default_algorithm(abr::default_algorithm_name());
  EmulationChecks checks;
  checks.join_every_s = request.join_every_s;
  for (const auto& path : request.trace_paths) {
    auto read = media::read_traces(path);
    if (!read) return fail(read.error().message);
    for (auto& t : read.value()) checks.traces.push_back(std::move(t));
  }
  if (!request.video_path.empty()) {
    auto video = load_video(request.video_path);
    if (!video) return fail(video.error().message);
    checks.video = std::move(video).value();
  }
  if (!request.simulate.empty() && (checks.traces.empty() || !checks.video))
    return fail("--player-logs with --abr simulates those algorithms too: it needs --traces and --video");
  auto emulation = read_emulation_results(request.logs_dir, default_algorithm, checks);
  if (!emulation) return fail(emulation.error().message);
  auto& e = emulation.value();
  if (!request.simulate.empty())
    append_simulated(e, *checks.video, checks.traces, request.simulate, request.options);

  std::ostringstream title;
  title << e.video;
  const std::string model =
      request.simulate.empty() ? "emulated" : std::string("emulated + simulated (") + to_string(request.options.model) + " model)";
  std::printf("%s; %s (player logs); %zu traces\n", title.str().c_str(), model.c_str(), e.traces.size());
  GroupReport g;
  g.info = {title.str(), model, {request.logs_dir}, default_algorithm, ""};
  g.video = &e.video;
  g.results = &e.results;
  g.traces = e.traces;
  g.summaries = summarize(e.results);
  // Players that shared a link (DIR/<algorithm>/<trace>/<player>.jsonl, or
  // simulated with --players); --join-every says when they joined.
  for (const auto& s : g.summaries) g.info.players = std::max(g.info.players, s.players);
  g.info.join_every_s = request.join_every_s;
  std::fputs(format_table(g.summaries).c_str(), stdout);
  if (g.info.players > 1) {
    std::printf("%zu players per link, player k joining at k x %.1f s:\n", g.info.players, g.info.join_every_s);
    std::fputs(format_players_table(g.summaries, g.info.join_every_s).c_str(), stdout);
  }
  print_link_checks(e);
  for (const auto& error : e.errors) std::fprintf(stderr, "dash-abr-bench: %s\n", error.c_str());
  if (!request.out_dir.empty()) {
    g.chosen = choose_emulated_sessions(e, default_algorithm);
    if (auto st = write_reports(request.out_dir, std::span(&g, 1)); !st.ok()) return fail(st.error().message);
    std::printf("wrote %s/{sessions.csv,summary.csv,predictions.csv,summary.json,report.html%s}\n",
                request.out_dir.c_str(), g.info.players > 1 ? ",players.csv" : "");
  }
  return e.errors.empty() ? 0 : 1;
}

}  // namespace sim
