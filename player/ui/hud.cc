#include "player/ui/hud.h"

#include <algorithm>
#include <cstdio>

#include "player/session/live_status.h"

namespace player {
namespace {

constexpr const char* kFontPaths[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
};
constexpr int kFontSize = 14;
constexpr int kBannerFontSize = 28;
constexpr double kTextRefreshS = 0.25;
constexpr int kPadding = 8;
constexpr int kLineHeight = 18;
constexpr size_t kMaxReasonChars = 64;

std::string fmt(const char* format, double a, double b = 0, double c = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}

TTF_Font* open_font(int size) {
  for (const char* path : kFontPaths)
    if (TTF_Font* f = TTF_OpenFont(path, size)) return f;
  return nullptr;
}

}  // namespace

Hud::Hud() {
  if (TTF_WasInit() == 0 && TTF_Init() != 0) return;
  font_ = open_font(kFontSize);
  banner_font_ = open_font(kBannerFontSize);
}

Hud::~Hud() {
  if (font_ != nullptr) TTF_CloseFont(font_);
  if (banner_font_ != nullptr) TTF_CloseFont(banner_font_);
}

void Hud::update(const SessionSnapshot& s, double wall_s, double volume, bool muted) {
  if (history_.empty() || wall_s - history_.back().wall_s >= 0.25) {
    history_.push_back({wall_s, s.video_buffer_s, s.video_bitrate_bps});
    max_buffer_seen_s_ = std::max(max_buffer_seen_s_, s.video_buffer_s);
    max_bitrate_seen_bps_ = std::max(max_bitrate_seen_bps_, s.video_bitrate_bps);
  }
  while (!history_.empty() && wall_s - history_.front().wall_s > kHistoryS) history_.pop_front();
  if (wall_s - last_text_update_s_ < kTextRefreshS) return;
  last_text_update_s_ = wall_s;

  lines_.clear();
  std::string rep = s.video_representation.empty() ? std::string("-") : s.video_representation;
  lines_.push_back((s.resolution.empty() ? std::string("video") : s.resolution) + "  " +
                   fmt("%.2f Mbit/s", s.video_bitrate_bps / 1e6) + "  (" + rep + ")");
  lines_.push_back(fmt("throughput %.2f Mbit/s", s.estimate_bps / 1e6));
  lines_.push_back(fmt("buffer %.1f s  (audio %.1f s)", s.video_buffer_s, s.audio_buffer_s));
  lines_.push_back(fmt("stalls %.0f (%.1f s)", s.stalls, s.stall_s));
  lines_.push_back("ABR " + s.abr_name + "  (b: next)");
  if (!s.audio_track.empty()) lines_.push_back("audio " + s.audio_track + (s.live ? "  (a: next)" : "  (a/l: next)"));
  if (!s.subtitle_track.empty()) lines_.push_back("subtitles " + s.subtitle_track + "  (s: next)");
  std::string reason = s.abr_reason.size() > kMaxReasonChars ? s.abr_reason.substr(0, kMaxReasonChars) + "..." : s.abr_reason;
  if (!reason.empty()) lines_.push_back(reason);
  if (s.live) lines_.push_back(live_status(s));
  lines_.push_back((s.live ? fmt("%.1f s  ", s.position_s) : fmt("%.1f / %.1f s  ", s.position_s, s.duration_s)) +
                   to_string(s.state) + (!s.live && s.playback_rate != 1 ? fmt("  %.2gx", s.playback_rate) : "") +
                   (muted ? std::string("  muted") : fmt("  vol %.0f%%", volume * 100)));

  switch (s.state) {
    case PlayState::kStartup: banner_ = "Loading..."; break;
    case PlayState::kStalled: banner_ = "Buffering..."; break;
    case PlayState::kPaused: banner_ = "Paused"; break;
    case PlayState::kEnded: banner_ = "Ended"; break;
    default: banner_.clear();
  }
}

void Hud::draw_text(SDL_Renderer* r, const std::string& text, int x, int y, TTF_Font* font) {
  if (font == nullptr || text.empty()) return;
  SDL_Surface* surface = TTF_RenderUTF8_Blended(font, text.c_str(), kTextColor);
  if (surface == nullptr) return;
  if (SDL_Texture* t = SDL_CreateTextureFromSurface(r, surface)) {
    SDL_Rect dst{x, y, surface->w, surface->h};
    SDL_RenderCopy(r, t, nullptr, &dst);
    SDL_DestroyTexture(t);
  }
  SDL_FreeSurface(surface);
}

void Hud::draw_graph(SDL_Renderer* r, const SDL_Rect& box) {
  SDL_SetRenderDrawColor(r, 0x20, 0x20, 0x20, 0xC0);
  SDL_RenderFillRect(r, &box);
  if (history_.size() < 2) return;
  const double t_end = history_.back().wall_s;
  auto x_of = [&](double t) { return box.x + static_cast<int>((1 - (t_end - t) / kHistoryS) * (box.w - 1)); };
  auto y_of = [&](double v, double max) { return box.y + box.h - 1 - static_cast<int>(std::min(v / max, 1.0) * (box.h - 2)); };
  std::vector<SDL_Point> buffer_line, bitrate_line;
  for (const auto& s : history_) {
    buffer_line.push_back({x_of(s.wall_s), y_of(s.buffer_s, max_buffer_seen_s_)});
    bitrate_line.push_back({x_of(s.wall_s), y_of(s.bitrate_bps, max_bitrate_seen_bps_)});
  }
  SDL_SetRenderDrawColor(r, 0x40, 0xD0, 0x60, 0xFF);  // buffer: green
  SDL_RenderDrawLines(r, buffer_line.data(), static_cast<int>(buffer_line.size()));
  SDL_SetRenderDrawColor(r, 0x50, 0x90, 0xFF, 0xFF);  // bitrate: blue
  SDL_RenderDrawLines(r, bitrate_line.data(), static_cast<int>(bitrate_line.size()));
}

void Hud::draw(SDL_Renderer* r, bool show_panel) {
  SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
  int out_w = 0, out_h = 0;
  SDL_GetRendererOutputSize(r, &out_w, &out_h);
  if (show_panel) {
    // Wide enough for the longest line (an ABR reason can be long), within the window.
    int panel_w = 440;
    for (const auto& line : lines_) {
      int tw = 0, th = 0;
      if (font_ != nullptr && TTF_SizeUTF8(font_, line.c_str(), &tw, &th) == 0) panel_w = std::max(panel_w, tw + kPadding * 2);
    }
    panel_w = std::min(panel_w, std::max(0, out_w - kPadding * 2));
    const int panel_h = kPadding * 2 + kLineHeight * static_cast<int>(lines_.size()) + 80 + kPadding;
    SDL_Rect panel{kPadding, kPadding, panel_w, panel_h};
    SDL_SetRenderDrawColor(r, 0, 0, 0, 0xA0);
    SDL_RenderFillRect(r, &panel);
    int y = kPadding * 2;
    for (const auto& line : lines_) {
      draw_text(r, line, kPadding * 2, y, font_);
      y += kLineHeight;
    }
    draw_graph(r, SDL_Rect{kPadding * 2, y + kPadding / 2, panel_w - kPadding * 2, 72});
  }
  const std::string& center = !message_.empty() ? message_ : banner_;
  if (!center.empty() && banner_font_ != nullptr) {
    int tw = 0, th = 0;
    TTF_SizeUTF8(banner_font_, center.c_str(), &tw, &th);
    SDL_Rect back{(out_w - tw) / 2 - kPadding, (out_h - th) / 2 - kPadding, tw + 2 * kPadding, th + 2 * kPadding};
    SDL_SetRenderDrawColor(r, 0, 0, 0, 0xB0);
    SDL_RenderFillRect(r, &back);
    draw_text(r, center, (out_w - tw) / 2, (out_h - th) / 2, banner_font_);
  }
}

}  // namespace player
