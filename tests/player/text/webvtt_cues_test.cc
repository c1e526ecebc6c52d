// player/text/webvtt_cues.h: a sidecar WebVTT file as cues.
#include "player/text/webvtt_cues.h"

#include <gtest/gtest.h>

#include "text_fixtures.h"

namespace player::text {
namespace {

using player_text_test::kGreeting;
using namespace std::string_literals;

TEST(WebVttCues, ReadsTimingsMultiLinePayloadsAndUtf8) {
  const std::string vtt = "\xEF\xBB\xBFWEBVTT - a title\n\nNOTE skipped\n\n1\n00:00:01.000 --> 00:00:02.500 align:start line:10%\n"
                          "<i>" + kGreeting + "</i>\nsecond line\n\n02:03.250 --> 02:04.000\n&lt;plain&gt;\n";
  auto cues = parse_webvtt_cues(vtt);
  ASSERT_TRUE(cues.ok()) << cues.error();
  ASSERT_EQ(cues->size(), 2u);
  EXPECT_EQ((*cues)[0], (TextCue{1000, 2500, kGreeting + "\nsecond line", CueStyle{true, false, std::nullopt}}));
  EXPECT_EQ((*cues)[1], (TextCue{123250, 124000, "<plain>", {}}));
}

TEST(WebVttCues, BadInputIsAnErrorNamingTheLine) {
  auto no_header = parse_webvtt_cues("00:01.000 --> 00:02.000\nhi\n");
  ASSERT_FALSE(no_header.ok());
  EXPECT_NE(no_header.error().message.find("line 1"), std::string::npos) << no_header.error();
  auto bad_time = parse_webvtt_cues("WEBVTT\n\n00:01.000 --> soon\nhi\n");
  ASSERT_FALSE(bad_time.ok());
  EXPECT_NE(bad_time.error().message.find("line 3"), std::string::npos) << bad_time.error();
  EXPECT_FALSE(parse_webvtt_cues("WEBVTT\n\n00:01.000 --> 00:02.000\n\xFF\xFE\n").ok());  // not UTF-8
  EXPECT_FALSE(parse_webvtt_cues("").ok());
  EXPECT_FALSE(parse_webvtt_cues("WEBVTT\n\n00:01.000 --> 00:02.000\na\0b\n"s).ok());  // NUL
}

}  // namespace
}  // namespace player::text
