#include "player/ui/desktop_player.h"

#include <SDL2/SDL.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <limits>
#include <thread>

#include "player/abr/registry.h"
#include "player/ui/audio_output.h"
#include "player/ui/hud.h"
#include "player/ui/seek_bar.h"
#include "player/ui/subtitle_overlay.h"
#include "player/ui/video_output.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define DS_LEAK_CHECK_AVAILABLE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define DS_LEAK_CHECK_AVAILABLE 1
#endif
#endif

namespace player {
namespace {

constexpr double kSeekStepS = 10;
constexpr double kLongSeekStepS = 60;  // PgUp / PgDn
constexpr double kVolumeStep = 0.1;
constexpr double kRateStep = 0.25;  // keys [ and ]: 0.5x ... 2x
constexpr int kEventWaitMs = 5;
constexpr Uint32 kErrorDisplayMs = 2500;

// Routes decoded frames to the window and the audio device; both pace
// presentation themselves (audio as the master clock).
class SdlSink : public FrameSink {
 public:
  SdlSink(VideoOutput& video, AudioOutput& audio) : video_(video), audio_(audio) {}
  void video_frame(const AVFrame& frame, double pts_s) override { video_.push(frame, pts_s); }
  void audio_frame(const AVFrame& frame, double pts_s) override { audio_.push(frame, pts_s); }
  void flush() override {
    video_.flush();
    audio_.flush();
  }
  double lead_s(bool) const override { return std::numeric_limits<double>::infinity(); }

 private:
  VideoOutput& video_;
  AudioOutput& audio_;
};

double wall_now_s() { return static_cast<double>(SDL_GetTicks64()) / 1000.0; }

std::string title_for(const std::string& url) {
  std::filesystem::path p(url.substr(0, url.find('?')));
  std::string dir = p.parent_path().filename().string();
  return "dash-player - " + (dir.empty() ? p.filename().string() : dir + "/" + p.filename().string());
}

bool save_screenshot(SDL_Renderer* renderer, const std::string& path) {
  int w = 0, h = 0;
  SDL_GetRendererOutputSize(renderer, &w, &h);
  SDL_Surface* s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24);
  if (s == nullptr) return false;
  bool ok = SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGB24, s->pixels, s->pitch) == 0 &&
            SDL_SaveBMP(s, path.c_str()) == 0;
  SDL_FreeSurface(s);
  return ok;
}

// What a window session leaves behind once its SDL objects are gone.
struct WindowRun {
  media::Result<SessionSummary> result = media::make_error(media::ErrorCode::kInternal, "session did not run");
  int64_t frames_shown = 0;
  int64_t frames_dropped = 0;
};

// Sanitizer builds check for leaks here, once our objects and SDL's window
// are gone but before SDL_Quit unloads Mesa's GL driver: memory that only the
// driver's globals point to would look leaked after that. A no-op otherwise.
void check_leaks_before_sdl_quit() {
#ifdef DS_LEAK_CHECK_AVAILABLE
  __lsan_do_leak_check();
#endif
}

// The event and render loop. Every object holding SDL textures, fonts or the
// audio device lives in here, so it is released before the renderer is.
WindowRun play_in_window(SDL_Window* window, SDL_Renderer* renderer, SessionOptions session_options,
                         const DesktopOptions& options) {
  VideoOutput video;
  AudioOutput audio;
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0 || !audio.open().ok())
    std::fprintf(stderr, "dash-player: warning: no audio device (%s); video follows the playback clock\n", SDL_GetError());
  SdlSink sink(video, audio);
  Hud hud;
  SubtitleOverlay subtitles;
  if (!hud.has_font()) std::fprintf(stderr, "dash-player: warning: no HUD font found (fonts-dejavu-core)\n");

  Session session(session_options, &sink);
  media::Result<SessionSummary> result = media::make_error(media::ErrorCode::kInternal, "session did not run");
  std::atomic<bool> session_done{false};
  std::thread session_thread([&] {
    result = session.run();
    session_done.store(true);
  });

  std::FILE* sync_log = options.sync_log.empty() ? nullptr : std::fopen(options.sync_log.c_str(), "w");
  if (sync_log != nullptr) std::fprintf(sync_log, "wall_s,frame_pts_s,audio_clock_s\n");
  bool show_hud = options.hud;
  SeekBarGeometry bar;    // as last drawn (clicks are matched against it)
  bool show_bar = false;  // on-demand presentations, with the HUD
  bool quit = false;
  double last_shot_s = -1;
  int shot_index = 0;
  const double start_s = wall_now_s();
  std::optional<Uint32> error_shown_at;

  while (!quit) {
    SDL_Event e;
    if (SDL_WaitEventTimeout(&e, kEventWaitMs)) {
      do {
        if (e.type == SDL_QUIT) quit = true;
        if (e.type == SDL_MOUSEBUTTONDOWN && e.button.button == SDL_BUTTON_LEFT && show_bar) {
          const SessionSnapshot s = session.snapshot();
          if (auto target = seek_bar_target(bar, e.button.x, e.button.y, s.duration_s)) session.seek_to(*target);
        }
        if (e.type != SDL_KEYDOWN) continue;
        const SDL_Keycode key = e.key.keysym.sym;
        if (key == SDLK_q || key == SDLK_ESCAPE) quit = true;
        else if (key == SDLK_SPACE) session.toggle_pause();
        else if (key == SDLK_LEFT) session.seek_by(-kSeekStepS);
        else if (key == SDLK_RIGHT) session.seek_by(kSeekStepS);
        else if (key == SDLK_PAGEDOWN) session.seek_by(-kLongSeekStepS);
        else if (key == SDLK_PAGEUP) session.seek_by(kLongSeekStepS);
        else if (key == SDLK_f)
          SDL_SetWindowFullscreen(window, (SDL_GetWindowFlags(window) & SDL_WINDOW_FULLSCREEN_DESKTOP) ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
        else if (key == SDLK_m) audio.set_muted(!audio.muted());
        else if (key == SDLK_UP) audio.set_volume(audio.volume() + kVolumeStep);
        else if (key == SDLK_DOWN) audio.set_volume(audio.volume() - kVolumeStep);
        else if (key == SDLK_LEFTBRACKET) session.set_rate(session.snapshot().playback_rate - kRateStep);
        else if (key == SDLK_RIGHTBRACKET) session.set_rate(session.snapshot().playback_rate + kRateStep);
        else if (key == SDLK_h) show_hud = !show_hud;
        else if (key == SDLK_l) {
          // Issue 14 and 16 both claimed `l`: back to the live edge in a
          // dynamic presentation, the next audio track otherwise (`a` always).
          const Presentation* p = session.presentation();
          if (p != nullptr && p->live) session.seek_to_live();
          else session.next_audio_track();
        }
        else if (key == SDLK_a) session.next_audio_track();
        else if (key == SDLK_s) session.next_subtitle_track();
        else if (key == SDLK_0) session.pin_rung(std::nullopt);
        else if (key >= SDLK_1 && key <= SDLK_9) session.pin_rung(static_cast<size_t>(key - SDLK_1));
        else if (key == SDLK_b) {  // was `a` before `a` became the audio track key
          const auto names = abr::algorithm_names();
          const std::string current = session.snapshot().abr_name;
          size_t i = 0;
          while (i < names.size() && names[i] != current) ++i;
          if (!names.empty()) (void)session.set_abr(names[(i + 1) % names.size()]);
        }
      } while (SDL_PollEvent(&e));
    }

    const SessionSnapshot snap = session.snapshot();
    audio.set_paused(snap.state != PlayState::kPlaying);
    audio.set_rate(snap.playback_rate);  // --rate, [ ], and live catch-up: stretched at the same pitch
    const std::optional<double> audio_clock = audio.is_open() ? audio.clock_s() : std::nullopt;
    const double clock = audio_clock.value_or(snap.position_s);
    if (video.update(renderer, clock) && sync_log != nullptr) {
      std::fprintf(sync_log, "%.4f,%.4f,%s\n", wall_now_s() - start_s, *video.shown_pts_s(),
                   audio_clock ? std::to_string(*audio_clock).c_str() : "");
    }
    hud.update(snap, wall_now_s(), audio.volume(), audio.muted());

    SDL_SetRenderDrawColor(renderer, 0, 0, 0, 0xFF);
    SDL_RenderClear(renderer);
    video.draw(renderer);
    show_bar = show_hud && !snap.live && snap.duration_s > 0;
    // At the clock the picture follows (the audio clock), not the session's position.
    subtitles.draw(renderer, session.subtitle_cues_at(clock), show_bar ? kSeekBarHeight + kSeekBarMargin : 0);
    hud.draw(renderer, show_hud);
    if (show_bar) {
      int w = 0, h = 0;
      SDL_GetRendererOutputSize(renderer, &w, &h);
      const double buffer_s = snap.video_buffer_s > 0 ? snap.video_buffer_s : snap.audio_buffer_s;  // audio-only too
      bar = seek_bar_geometry(w, h, snap.position_s, buffer_s, snap.duration_s);
      draw_seek_bar(renderer, bar);
    }
    if (!options.screenshot_dir.empty() && snap.state == PlayState::kPlaying && video.has_frame() &&
        wall_now_s() - last_shot_s >= options.screenshot_every_s) {
      last_shot_s = wall_now_s();
      char name[64];
      std::snprintf(name, sizeof name, "shot-%03d.bmp", shot_index++);
      save_screenshot(renderer, (std::filesystem::path(options.screenshot_dir) / name).string());
    }
    SDL_RenderPresent(renderer);

    if (session_done.load()) {
      if (result.ok()) break;
      // Show why, then leave.
      if (!error_shown_at) {
        error_shown_at = SDL_GetTicks();
        hud.set_message("Cannot play: " + result.error().message.substr(0, 90));
      } else if (SDL_GetTicks() - *error_shown_at > kErrorDisplayMs) {
        break;
      }
    }
  }

  session.stop();
  video.stop();
  audio.stop();
  session_thread.join();
  if (sync_log != nullptr) std::fclose(sync_log);
  return {std::move(result), video.frames_shown(), video.frames_dropped()};
}

}  // namespace

bool display_available() {
  const char* driver = std::getenv("SDL_VIDEODRIVER");
  if (driver != nullptr && (std::string(driver) == "dummy" || std::string(driver) == "offscreen")) return false;
  return std::getenv("DISPLAY") != nullptr || std::getenv("WAYLAND_DISPLAY") != nullptr;
}

int run_desktop(SessionOptions session_options, const DesktopOptions& options, bool json_summary) {
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
    std::fprintf(stderr, "dash-player: error: cannot open a window: %s\n", SDL_GetError());
    return 1;
  }
  Uint32 flags = SDL_WINDOW_RESIZABLE | (options.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
  SDL_Window* window = SDL_CreateWindow(title_for(session_options.url).c_str(), SDL_WINDOWPOS_CENTERED,
                                        SDL_WINDOWPOS_CENTERED, options.width, options.height, flags);
  SDL_Renderer* renderer = window ? SDL_CreateRenderer(window, -1, 0) : nullptr;
  if (renderer == nullptr) {
    std::fprintf(stderr, "dash-player: error: cannot open a window: %s\n", SDL_GetError());
    if (window) SDL_DestroyWindow(window);
    SDL_Quit();
    return 1;
  }

  WindowRun run = play_in_window(window, renderer, std::move(session_options), options);
  SDL_DestroyRenderer(renderer);
  SDL_DestroyWindow(window);
  check_leaks_before_sdl_quit();
  SDL_Quit();

  if (!run.result.ok()) {
    std::fprintf(stderr, "dash-player: error: %s\n", run.result.error().message.c_str());
    return 1;
  }
  run.result->frames_dropped += run.frames_dropped;
  if (json_summary) std::cout << to_json(*run.result).dump(2) << "\n";
  else std::cout << format_table(*run.result) << "  window                 " << run.frames_shown << " frames shown, "
                 << run.frames_dropped << " dropped for sync\n";
  return 0;
}

}  // namespace player
