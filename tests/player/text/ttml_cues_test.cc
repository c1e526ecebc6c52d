// player/text/ttml_cues.h: TTML documents (sidecar files, stpp samples) as cues.
#include "player/text/ttml_cues.h"

#include <gtest/gtest.h>

#include "text_fixtures.h"

namespace player::text {
namespace {

using player_text_test::kGreeting;

const std::string kDocument = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling"
    xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:frameRate="25" xml:lang="de">
  <head><styling><style xml:id="yellow" tts:color="#ffff00" tts:fontWeight="bold"/></styling></head>
  <body>
    <div begin="10s">
      <p begin="00:00:01.000" end="00:00:02.500">)xml" + kGreeting + R"xml(<br/>
        zweite   Zeile</p>
      <p begin="3s" dur="500ms" style="yellow"><span tts:fontStyle="italic">kursiv</span> &amp; gelb</p>
      <p begin="00:00:04:05" end="5000ms"><span tts:color="rgb(0,255,0)">grün</span></p>
      <p>untimed: inherits nothing, shown never</p>
    </div>
  </body>
</tt>)xml";

TEST(TtmlCues, ReadsTimesTextAndStyling) {
  auto cues = parse_ttml_cues(kDocument);
  ASSERT_TRUE(cues.ok()) << cues.error();
  ASSERT_EQ(cues->size(), 3u) << ::testing::PrintToString(*cues);
  // Times are relative to the <div>'s begin (10 s).
  EXPECT_EQ((*cues)[0], (TextCue{11'000, 12'500, kGreeting + "\nzweite Zeile", {}}));
  EXPECT_EQ((*cues)[1], (TextCue{13'000, 13'500, "kursiv & gelb", CueStyle{true, true, 0xFFFF00}}));
  EXPECT_EQ((*cues)[2], (TextCue{14'200, 15'000, "grün", CueStyle{false, false, 0x00FF00}}));  // 5 frames at 25 fps
}

TEST(TtmlCues, TimeExpressions) {
  EXPECT_EQ(parse_ttml_time_ms("01:02:03.5", 30, 1), 3'723'500);
  EXPECT_EQ(parse_ttml_time_ms("00:00:01:15", 30, 1), 1'500);
  EXPECT_EQ(parse_ttml_time_ms("1.5s", 30, 1), 1'500);
  EXPECT_EQ(parse_ttml_time_ms("2m", 30, 1), 120'000);
  EXPECT_EQ(parse_ttml_time_ms("90000t", 30, 90000), 1'000);
  EXPECT_EQ(parse_ttml_time_ms("45f", 30, 1), 1'500);
  for (const char* bad : {"", "soon", "1.5", "-1s", "1:2", "00:61:00", "1.2.3s", "99999999h", "00:00:00:00:00"})
    EXPECT_EQ(parse_ttml_time_ms(bad, 30, 1), std::nullopt) << bad;
}

TEST(TtmlCues, Colors) {
  EXPECT_EQ(parse_ttml_color("#00ff80"), 0x00FF80u);
  EXPECT_EQ(parse_ttml_color("#00ff80cc"), 0x00FF80u);
  EXPECT_EQ(parse_ttml_color("rgba(1,2,3,255)"), 0x010203u);
  EXPECT_EQ(parse_ttml_color("yellow"), 0xFFFF00u);
  EXPECT_EQ(parse_ttml_color("#zzz"), std::nullopt);
  EXPECT_EQ(parse_ttml_color("rgb(300,0,0)"), std::nullopt);
}

TEST(TtmlCues, AnEmptyBodyHasNoCues) {
  auto cues = parse_ttml_cues(R"(<tt xmlns="http://www.w3.org/ns/ttml"><body/></tt>)");
  ASSERT_TRUE(cues.ok()) << cues.error();
  EXPECT_TRUE(cues->empty());
}

TEST(TtmlCues, BadInputIsAnError) {
  auto not_xml = parse_ttml_cues("<tt><body><p begin='1s' end='2s'>x</body></tt>");
  ASSERT_FALSE(not_xml.ok());
  EXPECT_NE(not_xml.error().message.find("at byte"), std::string::npos) << not_xml.error();
  auto not_tt = parse_ttml_cues("<html/>");
  ASSERT_FALSE(not_tt.ok());
  EXPECT_NE(not_tt.error().message.find("<html>"), std::string::npos) << not_tt.error();
  auto bad_time = parse_ttml_cues("<tt><body><div><p begin='later' end='2s'>x</p></div></body></tt>");
  ASSERT_FALSE(bad_time.ok());
  EXPECT_NE(bad_time.error().message.find("begin=\"later\""), std::string::npos) << bad_time.error();
  EXPECT_FALSE(parse_ttml_cues("").ok());
  EXPECT_FALSE(parse_ttml_cues("<tt ttp:frameRate='0'/>").ok());
}

}  // namespace
}  // namespace player::text
