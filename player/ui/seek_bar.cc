#include "player/ui/seek_bar.h"

#include <algorithm>
#include <cmath>

namespace player {
namespace {

int pixels_for(double part_s, double duration_s, int width) {
  if (!(duration_s > 0)) return 0;
  return static_cast<int>(std::lround(std::clamp(part_s / duration_s, 0.0, 1.0) * width));
}

void fill(SDL_Renderer* r, const SDL_Rect& rect, SDL_Color c) {
  if (rect.w <= 0 || rect.h <= 0) return;
  SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
  SDL_RenderFillRect(r, &rect);
}

}  // namespace

SeekBarGeometry seek_bar_geometry(int width, int height, double position_s, double buffer_s, double duration_s) {
  SeekBarGeometry g;
  g.track = {kSeekBarMargin, height - kSeekBarMargin - kSeekBarHeight, std::max(0, width - 2 * kSeekBarMargin),
             kSeekBarHeight};
  const int played = pixels_for(position_s, duration_s, g.track.w);
  const int buffered_end = pixels_for(position_s + std::max(0.0, buffer_s), duration_s, g.track.w);
  g.played = {g.track.x, g.track.y, played, g.track.h};
  g.buffered = {g.track.x + played, g.track.y, buffered_end - played, g.track.h};
  return g;
}

std::optional<double> seek_bar_target(const SeekBarGeometry& bar, int x, int y, double duration_s) {
  if (bar.track.w <= 0 || !(duration_s > 0)) return std::nullopt;
  if (y < bar.track.y - kSeekBarHitSlop || y >= bar.track.y + bar.track.h + kSeekBarHitSlop) return std::nullopt;
  if (x < bar.track.x || x >= bar.track.x + bar.track.w) return std::nullopt;
  return duration_s * (x - bar.track.x) / bar.track.w;
}

void draw_seek_bar(SDL_Renderer* renderer, const SeekBarGeometry& bar) {
  fill(renderer, bar.track, kSeekBarRest);
  fill(renderer, bar.buffered, kSeekBarBuffered);
  fill(renderer, bar.played, kSeekBarPlayed);
}

}  // namespace player
