// Which font a subtitle cue is drawn in: DejaVu Sans for Latin text, the CJK
// fallback when DejaVu lacks a glyph (it would draw boxes). Needs no display.
#include <SDL2/SDL_ttf.h>
#include <gtest/gtest.h>

#include "player/ui/subtitle_overlay.h"

namespace player {
namespace {

class SubtitleFont : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(TTF_Init(), 0) << TTF_GetError();
    dejavu_ = TTF_OpenFont("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 24);
    cjk_ = TTF_OpenFont(SubtitleOverlay::kFallbackFontPath, 24);
    ASSERT_NE(dejavu_, nullptr) << "fonts-dejavu-core: " << TTF_GetError();
    ASSERT_NE(cjk_, nullptr) << "fonts-wqy-microhei (scripts/setup.sh installs it): " << TTF_GetError();
  }
  void TearDown() override {
    if (dejavu_ != nullptr) TTF_CloseFont(dejavu_);
    if (cjk_ != nullptr) TTF_CloseFont(cjk_);
    TTF_Quit();
  }
  TTF_Font* dejavu_ = nullptr;
  TTF_Font* cjk_ = nullptr;
};

TEST_F(SubtitleFont, LatinWithAccentsAndDashesStaysInDejaVu) {
  EXPECT_FALSE(SubtitleOverlay::lacks_glyphs(dejavu_, "Grüße — naïve café, «déjà vu»\nzweite Zeile"));
}

TEST_F(SubtitleFont, CjkTextNeedsTheFallbackAndTheFallbackHasIt) {
  const std::string cue = "SUBTITLE Grüße — 日本語 ひらがな 한국어";
  EXPECT_TRUE(SubtitleOverlay::lacks_glyphs(dejavu_, cue));
  EXPECT_FALSE(SubtitleOverlay::lacks_glyphs(cjk_, "日本語 ひらがな カタカナ 한국어 中文"));
}

TEST_F(SubtitleFont, BrokenUtf8IsSkippedNotReadPastTheEnd) {
  EXPECT_FALSE(SubtitleOverlay::lacks_glyphs(dejavu_, std::string("ok \xE6\x97", 5)));  // a cut 3-byte sequence
  EXPECT_FALSE(SubtitleOverlay::lacks_glyphs(dejavu_, std::string("\xFF\xFE ok")));
}

}  // namespace
}  // namespace player
