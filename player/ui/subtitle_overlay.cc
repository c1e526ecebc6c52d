#include "player/ui/subtitle_overlay.h"

#include <algorithm>

namespace player {
namespace {

// Proportional, so accented text looks as it should (the HUD's font is mono).
constexpr const char* kSubtitleFontPaths[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
};

constexpr int kFontPerHeight = 20;  // font pixels = window height / this (36 px at 720p)
constexpr int kMinFontPx = 14;
constexpr int kPaddingPx = 8;
constexpr double kMaxWidthShare = 0.9;  // of the window: where lines wrap

SDL_Color color_of(const text::CueStyle& style) {
  if (!style.color_rgb) return SubtitleOverlay::kTextColor;
  const uint32_t c = *style.color_rgb;
  return SDL_Color{static_cast<Uint8>(c >> 16), static_cast<Uint8>(c >> 8), static_cast<Uint8>(c), 0xFF};
}

// The code points of UTF-8 `text`; invalid bytes are skipped (the parsers
// have checked the text, so they only guard the loop).
std::vector<Uint32> code_points(const std::string& text) {
  std::vector<Uint32> out;
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const int extra = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : (b >> 3) == 0x1E ? 3 : -1;
    if (extra < 0 || i + extra + 1 > text.size()) {  // not a lead byte, or cut short
      ++i;
      continue;
    }
    Uint32 cp = extra == 0 ? b : b & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

}  // namespace

bool SubtitleOverlay::lacks_glyphs(TTF_Font* font, const std::string& text) {
  for (Uint32 cp : code_points(text))
    if (cp > ' ' && TTF_GlyphIsProvided32(font, cp) == 0) return true;
  return false;
}

SubtitleOverlay::~SubtitleOverlay() {
  if (font_ != nullptr) TTF_CloseFont(font_);
  if (fallback_font_ != nullptr) TTF_CloseFont(fallback_font_);
}

TTF_Font* SubtitleOverlay::font_for(int height) {
  const int px = std::max(kMinFontPx, height / kFontPerHeight);
  if (font_ != nullptr && px == font_px_) return font_;
  if (font_missing_) return nullptr;
  if (TTF_WasInit() == 0 && TTF_Init() != 0) return nullptr;
  if (font_ != nullptr) TTF_CloseFont(font_);
  if (fallback_font_ != nullptr) TTF_CloseFont(fallback_font_);
  font_ = nullptr;
  fallback_font_ = TTF_OpenFont(kFallbackFontPath, px);  // nullptr when not installed: boxes, as before
  for (const char* path : kSubtitleFontPaths)
    if ((font_ = TTF_OpenFont(path, px)) != nullptr) break;
  font_missing_ = font_ == nullptr;
  font_px_ = px;
  return font_;
}

void SubtitleOverlay::draw(SDL_Renderer* r, const std::vector<text::TextCue>& cues, int bottom_margin_px) {
  if (cues.empty()) return;
  int out_w = 0, out_h = 0;
  SDL_GetRendererOutputSize(r, &out_w, &out_h);
  TTF_Font* primary = font_for(out_h);
  if (primary == nullptr) return;
  SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
  const auto wrap_px = static_cast<Uint32>(std::max(1.0, out_w * kMaxWidthShare - 2 * kPaddingPx));
  int bottom = out_h - bottom_margin_px - kPaddingPx;
  // The latest cue lowest, earlier ones stacked above it.
  for (auto cue = cues.rbegin(); cue != cues.rend(); ++cue) {
    TTF_Font* font = fallback_font_ != nullptr && lacks_glyphs(primary, cue->text) ? fallback_font_ : primary;
    TTF_SetFontStyle(font, (cue->style.italic ? TTF_STYLE_ITALIC : 0) | (cue->style.bold ? TTF_STYLE_BOLD : 0));
    SDL_Surface* surface = TTF_RenderUTF8_Blended_Wrapped(font, cue->text.c_str(), color_of(cue->style), wrap_px);
    if (surface == nullptr) continue;
    const SDL_Rect text{(out_w - surface->w) / 2, bottom - kPaddingPx - surface->h, surface->w, surface->h};
    const SDL_Rect box{text.x - kPaddingPx, text.y - kPaddingPx / 2, text.w + 2 * kPaddingPx, text.h + kPaddingPx};
    SDL_SetRenderDrawColor(r, kBoxColor.r, kBoxColor.g, kBoxColor.b, kBoxColor.a);
    SDL_RenderFillRect(r, &box);
    if (SDL_Texture* t = SDL_CreateTextureFromSurface(r, surface)) {
      SDL_RenderCopy(r, t, nullptr, &text);
      SDL_DestroyTexture(t);
    }
    SDL_FreeSurface(surface);
    bottom = box.y - kPaddingPx / 2;
    TTF_SetFontStyle(font, TTF_STYLE_NORMAL);
    if (bottom <= 0) break;
  }
}

}  // namespace player
