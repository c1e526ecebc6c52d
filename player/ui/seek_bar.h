// The seek bar along the bottom of the window (on-demand presentations): the
// part played, the part buffered ahead of the playhead, and the rest; a click
// seeks there. The geometry is pure (tested without a window); draw() paints it.
#pragma once

#include <SDL2/SDL.h>

#include <optional>

namespace player {

struct SeekBarGeometry {
  SDL_Rect track{};   // the whole bar
  SDL_Rect played{};  // from the start to the playhead
  SDL_Rect buffered{};  // from the playhead to the end of the buffer
};

inline constexpr int kSeekBarHeight = 8;
inline constexpr int kSeekBarMargin = 16;  // from the window's sides and bottom
inline constexpr int kSeekBarHitSlop = 8;  // clicks this far above or below still count
// Colours: played, buffered, the rest (RGB).
inline constexpr SDL_Color kSeekBarPlayed{0xE8, 0x3A, 0x2E, 0xFF};
inline constexpr SDL_Color kSeekBarBuffered{0xB0, 0xB0, 0xB0, 0xFF};
inline constexpr SDL_Color kSeekBarRest{0x50, 0x50, 0x50, 0xFF};

// The bar in a `width` × `height` window for the playhead at `position_s`
// with `buffer_s` buffered ahead, of a `duration_s` presentation.
SeekBarGeometry seek_bar_geometry(int width, int height, double position_s, double buffer_s, double duration_s);

// The media position a click at (x, y) asks for, or nullopt when the click
// is not on the bar.
std::optional<double> seek_bar_target(const SeekBarGeometry& bar, int x, int y, double duration_s);

void draw_seek_bar(SDL_Renderer* renderer, const SeekBarGeometry& bar);

}  // namespace player
