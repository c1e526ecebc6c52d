// dash-package: encodes a video into an aligned multi-bitrate DASH
// presentation (or packages already-encoded renditions with --copy).
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

extern "C" {
#include <libavutil/log.h>
}

#include "media/file_io.h"
#include "media/mpd/writer.h"
#include "media/segments_json.h"
#include "media/text.h"
#include "packager/copy_packager.h"
#include "packager/file_source.h"
#include "packager/hls/playlists.h"
#include "packager/live/live_session.h"
#include "packager/manifest_builder.h"
#include "packager/options.h"
#include "packager/pathways.h"
#include "packager/pipeline.h"
#include "packager/rate.h"
#include "packager/run_context.h"
#include "packager/segments_metadata.h"
#include "packager/test_source.h"
#include "packager/language.h"
#include "packager/subtitles/subtitle_file.h"
#include "packager/subtitles/text_tracks.h"
#include "packager/track_options.h"

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
    rs.kind = r.kind == packager::ContentKind::kVideo ? "video" : r.kind == packager::ContentKind::kAudio ? "audio" : "text";
    rs.width = r.width;
    rs.height = r.height;
    rs.encoder_threads = r.encoder_threads;
    rs.bandwidth_bps = packager::peak_bandwidth_bps(r.segments, r.timescale, p.segment_duration_s);
    rs.segments = r.segments.size();
    double psnr_sum = 0, display_mse_sum = 0, ssim_sum = 0;
    size_t psnr_count = 0, display_count = 0;
    for (const auto& seg : r.segments) {
      rs.size_bytes += seg.size_bytes;
      if (seg.psnr_db) {
        psnr_sum += *seg.psnr_db;
        ++psnr_count;
      }
      if (seg.psnr_display_db && seg.ssim_display) {
        display_mse_sum += 255.0 * 255.0 / std::pow(10.0, *seg.psnr_display_db / 10);  // back to MSE to average
        ssim_sum += *seg.ssim_display;
        ++display_count;
      }
    }
    rs.size_bytes += r.files.init_size_bytes;
    if (psnr_count > 0) rs.mean_psnr_db = psnr_sum / psnr_count;
    if (display_count > 0) {
      rs.psnr_display_db = 10 * std::log10(255.0 * 255.0 / (display_mse_sum / display_count));
      rs.ssim_display = ssim_sum / display_count;
    }
    s.size_bytes += rs.size_bytes;
    s.representations.push_back(rs);
  }
  return s;
}

// Writes segments.json and the manifests after every segment (and media
// playlist) is in place: the old manifests go first, the new ones come last.
media::Status commit(packager::OutputFiles& files, const packager::PresentationDescription& p, const media::Mpd& mpd,
                     const std::optional<packager::hls::HlsPlaylists>& hls) {
  const auto manifest = files.dir() / kManifestName;
  const auto master = files.dir() / packager::hls::kMasterPlaylistName;
  for (const auto& old : {manifest, master}) {
    std::error_code ec;
    std::filesystem::remove(old, ec);
    if (ec) return media::make_error(media::ErrorCode::kIo, "remove old '" + old.string() + "': " + ec.message());
  }
  if (hls)
    for (const auto& playlist : hls->media)
      DS_RETURN_IF_ERROR(packager::write_whole_file(
          files.temp_path(playlist.name), {reinterpret_cast<const uint8_t*>(playlist.text.data()), playlist.text.size()}));
  DS_RETURN_IF_ERROR(files.commit());
  DS_RETURN_IF_ERROR(media::write_segments_json_file(packager::build_segments_metadata(p), files.dir() / kSegmentsJsonName));
  if (hls) DS_RETURN_IF_ERROR(media::write_file_atomic(master, hls->master.text));
  return media::write_mpd_file(mpd, manifest);
}

media::Result<packager::PresentationDescription> package(const PackageOptions& o,
                                                         const std::vector<packager::RungSpec>& specs,
                                                         packager::RunContext& context) {
  const int cores = o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  if (o.copy) return packager::run_copy(o, context);
  std::unique_ptr<packager::Source> source;
  if (o.test_source_s) {
    packager::TestSourceOptions t;
    t.duration_s = *o.test_source_s;
    t.audio = !o.audio_streams || !o.audio_streams->empty();
    auto size = packager::parse_size(o.test_source_size);
    if (!size.ok()) return size.error();
    t.width = size->first;
    t.height = size->second;
    auto s = packager::TestSource::open(t, g_stop);
    if (!s.ok()) return s.error();
    source = std::move(*s);
  } else {
    packager::FileSourceOptions fo;
    fo.decoder_threads = cores > 1 ? 2 : 1;
    fo.audio_streams = o.audio_streams;
    fo.subtitle_streams = o.subtitle_streams;
    auto s = packager::FileSource::open(o.inputs.front(), g_stop, fo);
    if (!s.ok()) return s.error();
    source = std::move(*s);
  }
  auto ladder = packager::choose_ladder(specs, source->info());
  if (!ladder.ok()) return ladder.error();
  return packager::run_pipeline(o, *ladder, *source, context);
}

media::Status parse_track_options(const std::string& audio_streams, const std::vector<std::string>& audio_langs,
                                  const std::vector<std::string>& audio_roles, const std::string& surround_rate,
                                  PackageOptions& o) {
  if (!audio_streams.empty()) {
    auto numbers = packager::parse_stream_numbers("--audio", audio_streams);
    if (!numbers.ok()) return numbers.error();
    o.audio_streams = *numbers;
  }
  for (const auto& a : audio_langs) DS_RETURN_IF_ERROR(packager::parse_lang_assignment("--audio-lang", a, o.audio_overrides));
  for (const auto& a : audio_roles)
    DS_RETURN_IF_ERROR(packager::parse_role_assignment("--audio-role", a, true, o.audio_overrides));
  auto rate = packager::parse_rate_bps(surround_rate);
  if (!rate.ok()) return rate.error().with_context("--surround-bitrate");
  o.surround_rate_bps = *rate;
  return {};
}

media::Status parse_subtitle_options(const std::vector<std::string>& files, const std::string& streams,
                                     const std::vector<std::string>& langs, const std::vector<std::string>& roles,
                                     PackageOptions& o) {
  for (const auto& f : files) {
    auto spec = packager::subtitles::parse_subtitle_spec(f);
    if (!spec.ok()) return spec.error();
    o.subtitle_files.push_back(*spec);
  }
  if (!streams.empty()) {
    auto numbers = packager::parse_stream_numbers("--subtitle-streams", streams);
    if (!numbers.ok()) return numbers.error();
    o.subtitle_streams = *numbers;
  }
  for (const auto& a : langs)
    DS_RETURN_IF_ERROR(packager::parse_lang_assignment("--subtitle-lang", a, o.subtitle_overrides));
  for (const auto& a : roles)
    DS_RETURN_IF_ERROR(packager::parse_role_assignment("--subtitle-role", a, false, o.subtitle_overrides));
  return {};
}

media::Status parse_encryption_options(const std::string& scheme, const std::string& key_id, const std::string& key,
                                       const std::string& key_file, const std::string& la_url, PackageOptions& o) {
  using namespace packager::cenc;
  if (scheme.empty()) {
    if (!key_id.empty() || !key.empty() || !key_file.empty() || !la_url.empty())
      return media::make_error(media::ErrorCode::kInvalidArgument, "--key-id, --key, --key-file and --la-url need --encrypt");
    return {};
  }
  EncryptionOptions e;
  auto s = parse_scheme(scheme);
  if (!s.ok()) return s.error();
  e.scheme = *s;
  e.la_url = la_url;
  if (!key_file.empty()) {
    if (!key_id.empty() || !key.empty())
      return media::make_error(media::ErrorCode::kInvalidArgument, "give --key-file or --key-id with --key, not both");
    auto pair = read_key_file(key_file);
    if (!pair.ok()) return pair.error();
    e.key_id = pair->first;
    e.key = pair->second;
  } else {
    if (key_id.empty() || key.empty())
      return media::make_error(media::ErrorCode::kInvalidArgument, "--encrypt needs --key-id and --key, or --key-file");
    auto kid = parse_key16("--key-id", key_id);
    if (!kid.ok()) return kid.error();
    auto k = parse_key16("--key", key);
    if (!k.ok()) return k.error();
    e.key_id = *kid;
    e.key = *k;
  }
  o.encryption = e;
  return {};
}

// HLS names the protection the way the MPD does: the scheme's method and the
// ClearKey system, with the common pssh (or the license server) as the URI.
packager::hls::HlsOptions hls_options(const packager::PresentationDescription& p) {
  packager::hls::HlsOptions h;
  if (!p.protection) return h;
  const auto& pr = *p.protection;
  h.key = packager::hls::KeyTag{pr.scheme == "cenc" ? "SAMPLE-AES-CTR" : "SAMPLE-AES",
                                pr.la_url.empty() ? "data:text/plain;base64," + pr.pssh_base64 : pr.la_url,
                                "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e", pr.key_id_hex};
  return h;
}

// The --subtitles files, read and checked before any encoding starts.
media::Result<std::vector<packager::subtitles::TextTrackInput>> read_subtitle_files(const PackageOptions& o) {
  std::vector<packager::subtitles::TextTrackInput> tracks;
  for (const auto& spec : o.subtitle_files) {
    auto cues = packager::subtitles::read_subtitle_file(spec.path);
    if (!cues.ok()) return cues.error();
    packager::TrackIdentity id{spec.lang, spec.role, spec.name};
    if (id.label.empty())
      id.label = spec.lang == packager::kUndeterminedLanguage ? "Subtitles" : packager::language_name(spec.lang);
    tracks.push_back({id, std::move(*cues)});
  }
  return tracks;
}

// A live run: packages until Ctrl-C (or the end of a --realtime file), then
// leaves a static MPD; 0 in both cases.
int live_main(const PackageOptions& o, const std::vector<packager::RungSpec>& specs, media::Clock& clock) {
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
  std::string codecs = "h264";
  app.add_option("--codec", codecs, "video codecs, one ladder each: h264, hevc, av1 (e.g. h264,av1)")->capture_default_str();
  app.add_option("--preset", o.preset, "x264/x265 preset (SVT-AV1 gets the preset at the same speed)")->capture_default_str();
  app.add_option("--audio-bitrate", audio_rate, "AAC bit rate (stereo)")->capture_default_str();
  std::string audio_streams, surround_rate = "384k";
  std::vector<std::string> audio_langs, audio_roles;
  app.add_option("--audio", audio_streams, "audio streams to package, by number among the input's audio streams "
                                           "(e.g. 0,2, or none; default: all)");
  app.add_option("--audio-lang", audio_langs, "language of an audio stream, e.g. 1=fr (repeatable)");
  app.add_option("--audio-role", audio_roles,
                 "role of an audio stream: main, alternate, commentary, description, e.g. 2=commentary (repeatable)");
  app.add_flag("--keep-surround", o.keep_surround, "encode inputs with more than 2 channels as AAC 5.1 (default: stereo downmix)");
  app.add_option("--surround-bitrate", surround_rate, "AAC 5.1 bit rate")->capture_default_str();
  std::vector<std::string> subtitle_files, subtitle_langs, subtitle_roles;
  std::string subtitle_streams;
  app.add_option("--subtitles", subtitle_files,
                 "a subtitle file (SRT, WebVTT, ASS/SSA) as a text track: FILE[:lang=fr][:role=caption][:name=...] "
                 "(repeatable)");
  std::string encrypt, key_id, key, key_file, la_url;
  app.add_option("--encrypt", encrypt, "Common Encryption of audio and video: cenc (AES-CTR) or cbcs (AES-CBC, 1:9 pattern)");
  app.add_option("--key-id", key_id, "key ID, 32 hex digits");
  app.add_option("--key", key, "content key, 32 hex digits (better: --key-file, which keeps it out of ps)");
  app.add_option("--key-file", key_file, "a file with KID:KEY (hex) on one line");
  app.add_option("--la-url", la_url, "ClearKey license server URL for players (dashif:laurl; HLS key URI)");
  std::string quality_mode = "encoder";
  app.add_option("--quality", quality_mode,
                 "segment quality in segments.json: encoder (x264's PSNR at each rung's size) or display (decode, "
                 "scale to the top rung's size, PSNR and SSIM against the source)")
      ->capture_default_str();
  app.add_flag("--hls", o.hls, "also write HLS playlists (master.m3u8 and one per representation) for the same segments");
  app.add_flag("--subtitles-sidecar", o.subtitles_sidecar,
               "list each text track in the MPD as one .vtt file instead of WebVTT-in-MP4 segments");
  app.add_option("--subtitle-streams", subtitle_streams,
                 "text subtitle streams of the input to package, by number (e.g. 0,2, or none; default: all)");
  app.add_option("--subtitle-lang", subtitle_langs, "language of an input subtitle stream, e.g. 0=en (repeatable)");
  app.add_option("--subtitle-role", subtitle_roles,
                 "role of an input subtitle stream: subtitle, caption, forced-subtitle, e.g. 1=caption (repeatable)");
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
  if (quality_mode != "encoder" && quality_mode != "display")
    return fail(media::make_error(media::ErrorCode::kInvalidArgument,
                                  "bad --quality '" + quality_mode + "': expected encoder or display"));
  o.quality_display = quality_mode == "display";
  auto parsed_codecs = packager::parse_codec_list(codecs);
  if (!parsed_codecs.ok()) return fail(parsed_codecs.error());
  o.codecs = *parsed_codecs;
  auto parsed_rate = packager::parse_rate_bps(audio_rate);
  if (!parsed_rate.ok()) return fail(parsed_rate.error().with_context("--audio-bitrate"));
  o.audio_rate_bps = *parsed_rate;
  if (auto st = parse_track_options(audio_streams, audio_langs, audio_roles, surround_rate, o); !st.ok())
    return fail(st.error());
  if (auto st = parse_subtitle_options(subtitle_files, subtitle_streams, subtitle_langs, subtitle_roles, o); !st.ok())
    return fail(st.error());
  if (auto st = parse_encryption_options(encrypt, key_id, key, key_file, la_url, o); !st.ok()) return fail(st.error());
  for (const auto& text : pathways) {
    auto p = media::parse_pathway(text);
    if (!p.ok()) return fail(p.error().with_context("--pathway"));
    o.pathways.push_back(std::move(*p));
  }
  auto specs = packager::validate_options(o);
  if (!specs.ok()) return fail(specs.error());

  auto subtitle_tracks = read_subtitle_files(o);
  if (!subtitle_tracks.ok()) return fail(subtitle_tracks.error());

  av_log_set_level(o.verbose ? AV_LOG_WARNING : AV_LOG_QUIET);
  // SVT-AV1 prints its configuration to stderr unless told otherwise (its SVT_LOG: 1 = errors only).
  if (!o.verbose) setenv("SVT_LOG", "1", /*overwrite=*/0);
  install_signal_handlers();
  media::SteadyClock clock;

  packager::OutputFiles files(o.output_dir);
  if (auto st = files.prepare(); !st.ok()) return fail(st.error());
  if (o.live) return live_main(o, *specs, clock);
  std::unique_ptr<packager::ProgressObserver> progress;
  if (!o.quiet && !o.json && isatty(STDERR_FILENO)) progress = std::make_unique<packager::TerminalProgress>(stderr);

  packager::RunContext context{files, g_stop, clock, progress.get()};
  auto presentation = package(o, *specs, context);
  if (presentation.ok() && !subtitle_tracks->empty()) {
    auto timeline = packager::subtitles::text_timeline(*presentation);
    media::Status st = timeline.ok() ? packager::subtitles::add_text_tracks(std::move(*subtitle_tracks), *timeline,
                                                                             packager::text_output_options(o), files,
                                                                             *presentation)
                                     : media::Status(timeline.error());
    if (!st.ok()) presentation = st.error();
  }
  if (!presentation.ok()) {
    files.discard();
    return fail(presentation.error());
  }
  auto mpd = packager::build_manifest(*presentation);
  if (!mpd.ok()) {
    files.discard();
    return fail(mpd.error());
  }
  std::optional<packager::hls::HlsPlaylists> hls;
  if (o.hls) {
    auto playlists = packager::hls::build_playlists(*presentation, hls_options(*presentation));
    if (!playlists.ok()) {
      files.discard();
      return fail(playlists.error());
    }
    hls = std::move(*playlists);
  }
  packager::add_pathways(*mpd, o.pathways, o.steering_url);
  if (auto st = commit(files, *presentation, *mpd, hls); !st.ok()) {
    files.discard();
    return fail(st.error());
  }
  const auto summary = summarize(o, *presentation, *mpd, clock.now_s());
  if (o.json) std::cout << packager::summary_json(summary).dump(2) << "\n";
  else if (!o.quiet) std::cout << packager::format_summary(summary) << "\n";
  return 0;
}
