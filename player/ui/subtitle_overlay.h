// Draws the subtitle cues showing now over the video: bottom-centred, above
// the seek bar, each cue's lines wrapped to the window width, in white (or
// the cue's TTML colour), italic/bold as the cue says, on a dark shaded box
// for legibility. The font is sized to the window height. SDL2_ttf renders
// UTF-8 (TTF_RenderUTF8_*); a cue with glyphs DejaVu Sans lacks (CJK) is
// drawn in a CJK font when one is installed.
// UI thread only.
#pragma once

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>

#include <string>
#include <vector>

#include "player/text/cue.h"

namespace player {

class SubtitleOverlay {
 public:
  // The text colour without a cue colour, and the box behind it.
  static constexpr SDL_Color kTextColor{0xFF, 0xFF, 0xFF, 0xFF};
  static constexpr SDL_Color kBoxColor{0x00, 0x00, 0x00, 0xB4};

  SubtitleOverlay() = default;
  ~SubtitleOverlay();
  SubtitleOverlay(const SubtitleOverlay&) = delete;
  SubtitleOverlay& operator=(const SubtitleOverlay&) = delete;

  // DejaVu has no CJK glyphs: a cue with any glyph the main font lacks is
  // drawn in WenQuanYi Micro Hei (Chinese, Japanese kana, Hangul, and Latin).
  static constexpr const char* kFallbackFontPath = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
  // True when `font` has no glyph for some visible character of UTF-8 `text`.
  static bool lacks_glyphs(TTF_Font* font, const std::string& text);

  // `bottom_margin_px`: room left free at the bottom (the seek bar).
  void draw(SDL_Renderer* renderer, const std::vector<text::TextCue>& cues, int bottom_margin_px);

 private:
  // The font for a window `height` pixels tall (reopened when it changes).
  TTF_Font* font_for(int height);

  TTF_Font* font_ = nullptr;
  TTF_Font* fallback_font_ = nullptr;  // CJK, opened with font_ at the same size
  int font_px_ = 0;
  bool font_missing_ = false;  // no font file: draw nothing, do not retry every frame
};

}  // namespace player
