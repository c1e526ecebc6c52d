// dash-package: encodes a video into an aligned multi-bitrate DASH
// presentation (or packages already-encoded renditions with --copy).
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

extern "C" {
#include <libavutil/log.h>
}

#include "media/mpd/writer.h"
#include "media/segments_json.h"
#include "media/text.h"
#include "packager/copy_packager.h"
#include "packager/file_source.h"
#include "packager/live/live_session.h"
#include "packager/manifest_builder.h"
#include "packager/options.h"
#include "packager/pathways.h"
#include "packager/pipeline.h"
#include "packager/rate.h"
#include "packager/segments_metadata.h"
#include "packager/test_source.h"

namespace {

using packager::PackageOptions;

constexpr const char* kManifestName = "manifest.mpd";
constexpr const char* kSegmentsJsonName = "segments.json";

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;

void on_signal(int signo) {
  g_signal = signo;
  g_stop.store(true);  // lock-free atomic: safe in a signal handler
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  // Past a file size limit (ulimit -f) a write should fail with EFBIG and be
  // reported like a full disk, not kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
}

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int fail(const media::Error& e) {
  if (e.code == media::ErrorCode::kCancelled && g_signal != 0) {
    std::fprintf(stderr, "dash-package: interrupted; nothing written\n");
    return 128 + g_signal;
  }
  std::fprintf(stderr, "dash-package: error: %s\n", e.message.c_str());
  return 1;
}

packager::RunSummary summarize(const PackageOptions& o, const packager::PresentationDescription& p,
                               const media::Mpd& mpd, double elapsed_s) {
  packager::RunSummary s;
  s.manifest_path = (o.output_dir / kManifestName).string();
  s.profile = o.profile == packager::Profile::kLive ? "live" : "ondemand";
  s.media_s = mpd.media_presentation_duration ? mpd.media_presentation_duration->count() / 1e6 : 0;
  s.elapsed_s = elapsed_s;
  s.cpu_s = cpu_seconds();
  for (const auto& r : p.representations) {
    packager::RepresentationSummary rs;
    rs.id = r.id;
    rs.kind = r.kind == packager::ContentKind::kVideo ? "video" : "audio";
    rs.width = r.width;
    rs.height = r.height;
    rs.encoder_threads = r.encoder_threads;
    rs.bandwidth_bps = packager::peak_bandwidth_bps(r.segments, r.timescale, p.segment_duration_s);
    rs.segments = r.segments.size();
    double psnr_sum = 0;
    size_t psnr_count = 0;
    for (const auto& seg : r.segments) {
      rs.size_bytes += seg.size_bytes;
      if (seg.psnr_db) {
        psnr_sum += *seg.psnr_db;
        ++psnr_count;
      }
    }
    rs.size_bytes += r.files.init_size_bytes;
    if (psnr_count > 0) rs.mean_psnr_db = psnr_sum / psnr_count;
    s.size_bytes += rs.size_bytes;
    s.representations.push_back(rs);
  }
  return s;
}

// Writes segments.json and the manifest after every segment is in place:
// the old manifest goes first, the new one comes last.
media::Status commit(packager::OutputFiles& files, const packager::PresentationDescription& p, const media::Mpd& mpd) {
  const auto manifest = files.dir() / kManifestName;
  std::error_code ec;
  std::filesystem::remove(manifest, ec);
  if (ec) return media::make_error(media::ErrorCode::kIo, "remove old '" + manifest.string() + "': " + ec.message());
  DS_RETURN_IF_ERROR(files.commit());
  DS_RETURN_IF_ERROR(media::write_segments_json_file(packager::build_segments_metadata(p), files.dir() / kSegmentsJsonName));
  return media::write_mpd_file(mpd, manifest);
}

media::Result<packager::PresentationDescription> package(const PackageOptions& o,
                                                         const std::vector<packager::RungSpec>& specs,
                                                         packager::OutputFiles& files,
                                                         packager::ProgressObserver* progress) {
  const int cores = o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  if (o.copy) return packager::run_copy(o, files, g_stop, progress);
  std::unique_ptr<packager::Source> source;
  if (o.test_source_s) {
    packager::TestSourceOptions t;
    t.duration_s = *o.test_source_s;
    auto size = packager::parse_size(o.test_source_size);
    if (!size.ok()) return size.error();
    t.width = size->first;
    t.height = size->second;
    auto s = packager::TestSource::open(t, g_stop);
    if (!s.ok()) return s.error();
    source = std::move(*s);
  } else {
    auto s = packager::FileSource::open(o.inputs.front(), g_stop, cores > 1 ? 2 : 1);
    if (!s.ok()) return s.error();
    source = std::move(*s);
  }
  auto ladder = packager::choose_ladder(specs, source->info());
  if (!ladder.ok()) return ladder.error();
  return packager::run_pipeline(o, *ladder, *source, files, g_stop, progress);
}

// A live run: packages until Ctrl-C (or the end of a --realtime file), then
// leaves a static MPD; 0 in both cases.
int live_main(const PackageOptions& o, const std::vector<packager::RungSpec>& specs) {
  media::SteadyClock clock;
  auto summary = packager::run_live(o, specs, g_stop, clock, packager::system_unix_now);
  if (!summary.ok()) {
    if (summary.error().code == media::ErrorCode::kCancelled && g_signal != 0) {
      std::fprintf(stderr, "dash-package: interrupted before the input started; nothing written\n");
      return 128 + g_signal;
    }
    return fail(summary.error());
  }
  if (!o.quiet)
    std::fprintf(stderr,
                 "dash-package: live stream ended: %.1f s of media in %d Period(s), %llu MPD updates, the input "
                 "waited on the encoders %.1f s; %s is static now\n",
                 summary->media_s, summary->periods, static_cast<unsigned long long>(summary->mpd_writes),
                 summary->waited_s, summary->manifest_path.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dash-package: encode a video into an aligned multi-bitrate DASH presentation"};
  PackageOptions o;
  std::string out_dir, profile = "live", audio_rate = "128k", test_source, addressing = "timeline";
  packager::LiveOptions live;
  bool live_flag = false;
  double target_latency_s = 0;
  app.add_option("input", o.inputs, "input media file (several with --copy)");
  app.add_option("-o,--output", out_dir, "output directory (gets manifest.mpd, segments, segments.json)")->required();
  auto* test_opt = app.add_option("--test-source", test_source,
                                  "package a built-in synthetic clip of this many seconds instead of an input; "
                                  "'live': a clock picture and tone that run until stopped");
  app.add_option("--test-source-size", o.test_source_size, "picture size of --test-source")->capture_default_str();
  app.add_option("--ladder", o.ladder, "rungs, e.g. 1280x720@3000k,640x360@700k or 720p@3000k (default: from the source)");
  app.add_option("--segment-duration", o.segment_duration_s, "seconds per segment")->capture_default_str();
  app.add_option("--profile", profile, "live (a file per segment) or ondemand (a file per representation, sidx)")
      ->capture_default_str();
  app.add_option("--preset", o.preset, "x264 preset")->capture_default_str();
  app.add_option("--audio-bitrate", audio_rate, "AAC bit rate")->capture_default_str();
  app.add_flag("--copy", o.copy, "package already-encoded H.264/AAC renditions without re-encoding");
  app.add_option("--threads", o.threads, "CPU threads to use (0 = all cores)")->capture_default_str();
  app.add_option("--encoder-threads", o.encoder_threads, "x264 threads per rung (0 = planned from the ladder)")
      ->capture_default_str();
  app.add_flag("-q,--quiet", o.quiet, "no progress line and no summary");
  app.add_flag("--json", o.json, "print the summary as JSON on stdout");
  app.add_flag("-v,--verbose", o.verbose, "show FFmpeg's own warnings");
  std::vector<std::string> pathways;
  app.add_option("--pathway", pathways,
                 "NAME=URL where the output is also served (repeatable): a BaseURL each and <ContentSteering>");
  app.add_option("--steering-url", o.steering_url, "content steering server for --pathway")->capture_default_str();
  auto* live_group = app.add_option_group("live", "live packaging (packager/README.md, 'Live')");
  live_group->add_flag("--live", live_flag, "package a live input (srt://, udp://, rtmp://, --realtime FILE) until stopped");
  auto* realtime_opt = live_group->add_flag("--realtime", live.realtime, "read the input file at its native rate (implies --live)");
  live_group->add_option("--chunk-duration", live.chunk_duration_s, "seconds per CMAF chunk (low latency; 0 = whole segments)");
  live_group->add_option("--window", live.window_s, "seconds of segments kept (timeShiftBufferDepth)")->capture_default_str();
  auto* latency_opt = live_group->add_option("--target-latency", target_latency_s, "latency players should hold, seconds");
  live_group->add_option("--addressing", addressing, "timeline (SegmentTimeline) or number ($Number$ + @duration)")
      ->capture_default_str();
  live_group->add_option("--utc-timing", live.utc_timing_url, "UTCTiming http-xsdate URL (the origin's time endpoint)")
      ->capture_default_str();
  live_group->add_flag("--adapt-preset", live.adapt_preset, "step to faster x264 presets when falling behind real time");
  live_group->add_option("--stall-timeout", live.stall_timeout_s, "seconds without input before a new Period begins")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::fprintf(stderr, "dash-package: error: %s (see --help)\n", e.what());
    return 2;
  }
  o.output_dir = out_dir;
  live.test_source = test_source == "live";
  if (test_opt->count() > 0 && !live.test_source) {
    auto seconds = media::parse_double(test_source);
    if (!seconds) return fail(media::make_error(media::ErrorCode::kInvalidArgument,
                                                "--test-source takes seconds or 'live', not '" + test_source + "'"));
    o.test_source_s = *seconds;
  }
  if (live_flag || live.test_source || realtime_opt->count() > 0) {
    if (addressing != "timeline" && addressing != "number")
      return fail(media::make_error(media::ErrorCode::kInvalidArgument, "--addressing must be timeline or number"));
    live.number_template = addressing == "number";
    if (latency_opt->count() > 0) live.target_latency_s = target_latency_s;
    if (app.get_option("--segment-duration")->count() == 0) o.segment_duration_s = packager::kLiveSegmentDurationS;
    o.live = live;
  }
  auto parsed_profile = packager::parse_profile(profile);
  if (!parsed_profile.ok()) return fail(parsed_profile.error());
  o.profile = *parsed_profile;
  auto parsed_rate = packager::parse_rate_bps(audio_rate);
  if (!parsed_rate.ok()) return fail(parsed_rate.error().with_context("--audio-bitrate"));
  o.audio_rate_bps = *parsed_rate;
  for (const auto& text : pathways) {
    auto p = media::parse_pathway(text);
    if (!p.ok()) return fail(p.error().with_context("--pathway"));
    o.pathways.push_back(std::move(*p));
  }
  auto specs = packager::validate_options(o);
  if (!specs.ok()) return fail(specs.error());

  av_log_set_level(o.verbose ? AV_LOG_WARNING : AV_LOG_QUIET);
  install_signal_handlers();
  const auto started = std::chrono::steady_clock::now();

  packager::OutputFiles files(o.output_dir);
  if (auto st = files.prepare(); !st.ok()) return fail(st.error());
  if (o.live) return live_main(o, *specs);
  std::unique_ptr<packager::ProgressObserver> progress;
  if (!o.quiet && !o.json && isatty(STDERR_FILENO)) progress = std::make_unique<packager::TerminalProgress>(stderr);

  auto presentation = package(o, *specs, files, progress.get());
  if (!presentation.ok()) {
    files.discard();
    return fail(presentation.error());
  }
  auto mpd = packager::build_manifest(*presentation);
  if (!mpd.ok()) {
    files.discard();
    return fail(mpd.error());
  }
  packager::add_pathways(*mpd, o.pathways, o.steering_url);
  if (auto st = commit(files, *presentation, *mpd); !st.ok()) {
    files.discard();
    return fail(st.error());
  }
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto summary = summarize(o, *presentation, *mpd, elapsed_s);
  if (o.json) std::cout << packager::summary_json(summary).dump(2) << "\n";
  else if (!o.quiet) std::cout << packager::format_summary(summary) << "\n";
  return 0;
}
