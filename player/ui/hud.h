// The heads-up display: what the player is doing (representation, throughput
// estimate, buffer, stalls, ABR and its reason), a live graph of buffer level
// and chosen bitrate over the last minute, and a banner for loading, stalls,
// pause and errors. Drawn with SDL2_ttf and the renderer's primitives.
// UI thread only.
#pragma once

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>

#include <deque>
#include <string>
#include <vector>

#include "player/session/session.h"

namespace player {

class Hud {
 public:
  // The text colour; tests look for it in screenshots.
  static constexpr SDL_Color kTextColor{0xF0, 0xE6, 0x8C, 0xFF};
  static constexpr double kHistoryS = 60;

  Hud();
  ~Hud();
  Hud(const Hud&) = delete;
  Hud& operator=(const Hud&) = delete;

  // False when no font could be opened (the graph is still drawn).
  bool has_font() const { return font_ != nullptr; }

  // Adds a sample to the graph history and refreshes the text (a few times a second).
  void update(const SessionSnapshot& s, double wall_s, double volume, bool muted);
  void set_message(const std::string& message) { message_ = message; }

  void draw(SDL_Renderer* renderer, bool show_panel);

 private:
  struct Sample {
    double wall_s;
    double buffer_s;
    double bitrate_bps;
  };
  void draw_text(SDL_Renderer* r, const std::string& text, int x, int y, TTF_Font* font);
  void draw_graph(SDL_Renderer* r, const SDL_Rect& box);

  TTF_Font* font_ = nullptr;
  TTF_Font* banner_font_ = nullptr;
  std::vector<std::string> lines_;
  std::string banner_;
  std::string message_;
  std::deque<Sample> history_;
  double max_buffer_seen_s_ = 10;
  double max_bitrate_seen_bps_ = 1e6;
  double last_text_update_s_ = -1;
};

}  // namespace player
