// dash-player: streams a DASH presentation in an SDL2 window (or headless),
// or prints it with --info.
#include <cctype>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "player/av/segment_demuxer.h"
#include "player/net/fetcher.h"
#include "media/mpd/reader.h"
#include "player/session/describe.h"
#include "player/session/presentation.h"
#include "player/abr/registry.h"
#include "player/session/session.h"
#include "player/ui/desktop_player.h"

extern "C" {
#include <libavutil/log.h>
}

namespace {

player::Session* g_session = nullptr;

void on_signal(int) {
  if (g_session != nullptr) g_session->stop();  // only sets atomics and notifies
}

int fail(const std::string& message) {
  std::fprintf(stderr, "dash-player: error: %s\n", message.c_str());
  return 1;
}

player::PresentationOptions presentation_options(const player::SessionOptions& o) {
  player::PresentationOptions po;
  po.lang = o.lang;
  po.audio_role = o.audio_role;
  po.codec = o.codec;
  po.extra_base_urls = o.base_urls;
  return po;
}

// Describes the presentation as the player would play it; an MPD it cannot
// play is still described, with the reason.
int print_info(const player::SessionOptions& o) {
  player::FetcherOptions fo;
  fo.ca_file = o.ca_file;
  fo.insecure = o.insecure;
  auto fetcher = player::make_fetcher(fo);
  auto p = player::load_presentation(*fetcher, o.url, presentation_options(o));
  if (p.ok()) {
    std::cout << player::describe(*p);
    return 0;
  }
  player::FetchRequest req;
  req.url = o.url;
  auto text = fetcher->fetch(req);
  if (!text.ok()) return fail(p.error().message);
  auto mpd = media::parse_mpd(text->body);
  if (!mpd.ok()) return fail(p.error().message);
  std::cout << player::describe(*mpd, text->final_url.empty() ? o.url : text->final_url, p.error().message);
  return 0;
}

// "KID:KEY" → (kid, key) in lower-case hex; the message never repeats a key.
media::Result<std::vector<std::pair<std::string, std::string>>> parse_content_keys(
    const std::vector<std::string>& texts) {
  std::vector<std::pair<std::string, std::string>> out;
  auto hex32 = [](std::string s) -> std::optional<std::string> {
    std::erase(s, '-');
    if (s.size() != 32) return std::nullopt;
    for (char& c : s) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    }
    return s;
  };
  for (const auto& t : texts) {
    const size_t colon = t.find(':');
    auto kid = colon == std::string::npos ? std::nullopt : hex32(t.substr(0, colon));
    auto key = colon == std::string::npos ? std::nullopt : hex32(t.substr(colon + 1));
    if (!kid || !key)
      return media::make_error(media::ErrorCode::kInvalidArgument, "--key needs KID:KEY, each 32 hex digits (16 bytes)");
    out.emplace_back(*kid, *key);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dash-player: stream a DASH presentation and report how it went"};
  player::SessionOptions o;
  bool info = false, headless = false, no_decode = false, json = false, list_abr = false;
  size_t rung = 0;
  app.add_option("url", o.url, "MPD URL (http://...) or path")->required();
  app.add_flag("--info", info, "print the presentation (periods, sets, representations, segments) and exit");
  app.add_option("--abr", o.abr, "ABR algorithm (see --list-abr)")->capture_default_str();
  app.add_flag("--list-abr", list_abr, "list the ABR algorithms and exit");
  app.add_option("--max-buffer", o.max_buffer_s, "seconds of media to buffer ahead at most")
      ->capture_default_str()->check(CLI::Range(1.0, 3600.0));
  app.add_option("--rebuffer-target", o.rebuffer_target_s, "seconds buffered before a stall ends")
      ->capture_default_str()->check(CLI::Range(0.0, 600.0));
  app.add_option("--startup-target", o.startup_target_s, "seconds buffered before playback starts")
      ->capture_default_str()->check(CLI::Range(0.0, 600.0));
  app.add_flag("--headless", headless, "no window: decode and discard frames at the playback clock");
  app.add_flag("--no-decode", no_decode, "do not decode (network and ABR only)");
  app.add_flag("--fast", o.fast, "play as fast as the network (and decoder) allow");
  app.add_option("--lang", o.lang, "preferred audio language (BCP 47, e.g. en, fr-CA)");
  app.add_option("--audio-role", o.audio_role, "preferred audio role (main, alternate, commentary, description)");
  app.add_option("--subs", o.subtitles, "show subtitles in this language (BCP 47, e.g. en); off (the default): none; key s cycles")
      ->capture_default_str();
  app.add_option("--codec", o.codec, "play the video of this codec when several are offered")
      ->check(CLI::IsMember({"h264", "hevc", "av1", "vp9"}));
  std::string cmcd = "off";
  app.add_option("--cmcd", cmcd, "send CMCD (CTA-5004) on every segment request: query, header or off")
      ->check(CLI::IsMember({"query", "header", "off"}))
      ->capture_default_str();
  std::vector<std::string> keys;
  app.add_option("--key", keys, "KID:KEY (32 hex digits each) to decrypt Common Encryption (repeatable)");
  app.add_option("--base-url", o.base_urls, "extra BaseURL to fail over to (repeatable)");
  app.add_option("--log", o.log_path, "write one JSON line per segment and event to FILE");
  app.add_option("--start", o.start_s, "begin at this media position in seconds (the segment boundary at or before it)")
      ->check(CLI::Range(0.0, 1e9));
  app.add_option("--rate", o.rate, "playback rate, 0.5 to 2 (audio keeps its pitch); keys [ and ] while playing")
      ->check(CLI::Range(0.5, 2.0));
  app.add_option("--duration", o.stop_after_s, "stop after this many seconds of wall time")->check(CLI::Range(0.0, 1e7));
  auto* rung_opt = app.add_option("--rung", rung, "pin the video representation (0 = lowest)");
  app.add_option("--ca-file", o.ca_file, "trust the CA certificates in this PEM file for HTTPS (instead of the system's)")
      ->check(CLI::ExistingFile);
  app.add_flag("--insecure", o.insecure, "HTTPS without verifying certificates (unsafe; for testing)");
  app.add_option("--session-id", o.session_id, "X-Session-Id sent to the origin (default: random)");
  app.add_option("--decoder-threads", o.decoder_threads, "decoder threads (0 = auto)")->check(CLI::Range(0, 64));
  app.add_flag("--json", json, "print the summary as JSON instead of a table");
  app.add_option("--live-delay", o.live.delay_s, "live: seconds behind the edge to play (default: the MPD's target)")
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--live-max-rate", o.live.max_rate, "live: fastest catch-up playback rate (1 = jumps only)")
      ->capture_default_str()->check(CLI::Range(1.0, 2.0));
  app.add_option("--live-min-rate", o.live.min_rate, "live: slowest playback while the buffer runs low (1 = never slower)")
      ->capture_default_str()->check(CLI::Range(0.5, 1.0));
  player::DesktopOptions desktop;
  app.add_flag("--fullscreen", desktop.fullscreen, "start in fullscreen (key f toggles)");
  bool no_hud = false;
  app.add_flag("--no-hud", no_hud, "start with the HUD hidden (key h toggles)");
  app.add_option("--screenshot-dir", desktop.screenshot_dir, "save window screenshots (BMP) into DIR while playing");
  app.add_option("--screenshot-every", desktop.screenshot_every_s, "seconds between screenshots")
      ->capture_default_str()->check(CLI::Range(0.05, 3600.0));
  app.add_option("--sync-log", desktop.sync_log, "CSV of presented video frames against the audio clock");
  // --list-abr needs no URL.
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--list-abr") {
      for (const auto& n : abr::algorithm_names()) std::cout << n << "\n";
      return 0;
    }
  CLI11_PARSE(app, argc, argv);
  // FFmpeg's own info lines (decoder banners such as libdav1d's, printed when
  // the decode probe or a Period opens a decoder) are not the player's output;
  // its errors still show.
  av_log_set_level(AV_LOG_ERROR);
  auto content_keys = parse_content_keys(keys);
  if (!content_keys.ok()) return fail(content_keys.error().message);
  player::SegmentDemuxer::set_content_keys(std::move(*content_keys));
  (void)list_abr;
  o.cmcd = *player::parse_cmcd_mode(cmcd);  // checked by CLI11
  if (o.insecure) std::fprintf(stderr, "dash-player: warning: --insecure: TLS certificates and host names are not verified\n");
  if (info) return print_info(o);
  o.decode = !no_decode;
  if (*rung_opt) o.pinned_rung = rung;
  desktop.hud = !no_hud;
  if (!headless && o.decode && !o.fast) {
    // The window's audio clock follows the session's rate (time-stretched), live catch-up included.
    if (player::display_available()) return player::run_desktop(o, desktop, json);
    std::fprintf(stderr, "dash-player: no display: playing headless\n");
  }

  player::Session session(o);
  g_session = &session;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  auto summary = session.run();
  g_session = nullptr;
  if (!summary.ok()) return fail(summary.error().message);
  if (json) std::cout << player::to_json(*summary).dump(2) << "\n";
  else std::cout << player::format_table(*summary);
  return 0;
}
