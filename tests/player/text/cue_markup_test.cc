// player/text/cue_markup.h: WebVTT cue text made plain for the renderer.
#include "player/text/cue_markup.h"

#include <gtest/gtest.h>

namespace player::text {
namespace {

TEST(CueMarkup, StripsTagsAndStylesTheCue) {
  const StyledText s = strip_cue_markup("<v Anna><i>Grüße</i> — <b>日本語</b></v>");
  EXPECT_EQ(s.text, "Grüße — 日本語");
  EXPECT_TRUE(s.style.italic);
  EXPECT_TRUE(s.style.bold);
}

TEST(CueMarkup, PlainTextIsUnstyled) {
  const StyledText s = strip_cue_markup("line one\nline two");
  EXPECT_EQ(s.text, "line one\nline two");
  EXPECT_EQ(s.style, CueStyle{});
}

TEST(CueMarkup, ClassesTimestampsAndRubyGo) {
  EXPECT_EQ(strip_cue_markup("<c.yellow.bg_blue>a</c> <00:00:01.000>b <ruby>c<rt>d</rt></ruby>").text, "a b cd");
}

TEST(CueMarkup, DecodesCharacterReferences) {
  EXPECT_EQ(decode_character_references("Tom &amp; Jerry &lt;3 &#233;&#x65E5; &nbsp;&lrm;"), "Tom & Jerry <3 é日 \xC2\xA0");
  EXPECT_EQ(decode_character_references("&bogus; & &#xD800; &#0;"), "&bogus; & &#xD800; &#0;");
}

TEST(CueMarkup, UnterminatedTagHidesTheRest) { EXPECT_EQ(strip_cue_markup("shown <b never").text, "shown "); }

}  // namespace
}  // namespace player::text
