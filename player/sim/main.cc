// dash-abr-bench: replays network traces through the ABR algorithms of
// player/abr in a simulated player, prints a comparison table and writes
// sessions.csv, summary.csv, summary.json and report.html.
#include <cstdio>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "media/net_trace.h"
#include "media/text.h"
#include "player/abr/registry.h"
#include "player/sim/bench.h"
#include "player/sim/progress_bar.h"
#include "player/sim/report.h"
#include "player/sim/video.h"

namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "dash-abr-bench: error: %s\n", message.c_str());
  return 1;
}

// "all" means every registered algorithm except fixed.
std::vector<std::string> expand_algorithms(const std::string& list) {
  std::vector<std::string> out;
  for (auto part : media::split(list, ',')) {
    std::string name(media::trim(part));
    if (name.empty()) continue;
    if (name == "all") {
      for (const auto& info : abr::algorithms())
        if (info.name != "fixed") out.emplace_back(info.name);
    } else {
      out.push_back(name);
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dash-abr-bench: compare ABR algorithms on network traces in a simulated player"};
  std::vector<std::string> trace_dirs;
  std::string video_path, abr_list = "all", model = "reference", out_dir, half = "all";
  size_t jobs = std::max(1u, std::thread::hardware_concurrency());
  size_t repeat = 1;
  double buffer_cap_s = 0;
  bool no_abandon = false, quiet = false;
  app.add_option("--traces", trace_dirs, "trace files or directories (Pensieve cooked, Sabre JSON, Mahimahi)")
      ->required()->expected(1, -1);
  app.add_option("--video", video_path,
                 "Pensieve size directory, Sabre movie JSON, or a presentation (*.mpd or a directory with "
                 "manifest.mpd, plus segments.json)")->required();
  app.add_option("--abr", abr_list, "comma-separated algorithms, or 'all' (every one but fixed); see --list-abr")
      ->capture_default_str();
  app.add_option("--model", model, "reference (Pensieve's simulator, exact) or request (latency, abandonment, buffer cap)")
      ->check(CLI::IsMember({"reference", "request"}))->capture_default_str();
  app.add_option("--jobs", jobs, "worker threads")->check(CLI::Range(1, 1024))->capture_default_str();
  app.add_option("--out", out_dir, "write sessions.csv, summary.csv, summary.json and report.html here");
  app.add_option("--buffer-cap", buffer_cap_s, "maximum buffer in seconds (default: 60 reference, 25 request)")
      ->check(CLI::Range(1.0, 3600.0));
  app.add_flag("--no-abandon", no_abandon, "request model: never abandon a download");
  app.add_option("--half", half, "use only the traces at even (A) or odd (B) positions in name order")
      ->check(CLI::IsMember({"all", "A", "B"}))->capture_default_str();
  app.add_option("--repeat", repeat, "simulate each session this many times (for timing)")->check(CLI::Range(1, 100000));
  app.add_flag("--quiet", quiet, "no progress bar");
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--list-abr") {
      for (const auto& info : abr::algorithms()) std::cout << info.name << "\t" << info.summary << "\n";
      std::cout << "default\t= " << abr::default_algorithm_name() << "\n";
      return 0;
    }
  app.footer("--list-abr lists the algorithms.");
  CLI11_PARSE(app, argc, argv);

  auto video = sim::load_video(video_path);
  if (!video.ok()) return fail(video.error().message);
  std::vector<media::NetworkTrace> traces;
  for (const auto& dir : trace_dirs) {
    auto t = media::read_traces(dir);
    if (!t.ok()) return fail(t.error().message);
    for (auto& x : *t) traces.push_back(std::move(x));
  }
  if (half != "all") {
    std::vector<media::NetworkTrace> kept;
    for (size_t i = (half == "A" ? 0 : 1); i < traces.size(); i += 2) kept.push_back(std::move(traces[i]));
    traces = std::move(kept);
  }
  if (traces.empty()) return fail("no traces");
  const auto algorithms = expand_algorithms(abr_list);
  if (algorithms.empty()) return fail("no algorithms given");

  sim::BenchOptions options;
  options.model = model == "reference" ? sim::ModelKind::kReference : sim::ModelKind::kRequest;
  if (buffer_cap_s > 0) {
    options.reference.buffer_cap_ms = buffer_cap_s * 1000;
    options.request.buffer_cap_s = buffer_cap_s;
  }
  options.request.abandonment = !no_abandon;
  options.jobs = jobs;
  options.repeat = repeat;
  options.keep_logs = !out_dir.empty();
  media::Result<sim::BenchResult> result = media::make_error(media::ErrorCode::kInternal, "not run");
  {
    sim::ProgressBar bar(!quiet);
    result = sim::run_bench(traces, *video, algorithms, options, [&](size_t done, size_t total) { bar.update(done, total); });
  }
  if (!result.ok()) return fail(result.error().message);
  const auto summaries = sim::summarize(*result);
  std::cout << "video " << video->name << " (" << video->rungs() << " rungs, " << video->played_segments
            << " segments), " << traces.size() << " traces, " << model << " model\n"
            << sim::format_table(summaries);
  if (!out_dir.empty()) {
    sim::ReportInfo info{video->name, model, trace_dirs, std::string(abr::default_algorithm_name())};
    std::vector<double> rates;
    for (const auto& t : traces) rates.push_back(t.mean_rate_bps());
    if (auto st = sim::write_reports(out_dir, info, *result, rates); !st.ok()) return fail(st.error().message);
    std::cout << "wrote " << out_dir << "/{sessions.csv,summary.csv,summary.json,report.html}\n";
  }
  return 0;
}
