// Subtitle parsing: SRT, WebVTT and ASS/SSA into WebVTT cues, UTF-8 text,
// and one error naming the line for every malformed input.
#include "packager/subtitles/parsers.h"

#include <gtest/gtest.h>

#include "packager/subtitles/cue_text.h"
#include "packager/subtitles/subtitle_file.h"

namespace packager::subtitles {
namespace {

void expect_error_at(const media::Result<std::vector<Cue>>& r, const std::string& line, const std::string& fragment) {
  ASSERT_FALSE(r.ok()) << "expected an error at " << line;
  EXPECT_EQ(r.error().code, media::ErrorCode::kParse);
  EXPECT_EQ(r.error().message.rfind(line + ": ", 0), 0u) << r.error().message;
  EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
}

TEST(SrtParser, CuesWithTagsEscapesAndNonAsciiText) {
  const std::string srt =
      "\xEF\xBB\xBF" "1\r\n00:00:00,500 --> 00:00:02,500\r\nBonjour, ça va ? <i>très</i> bien\r\n\r\n"
      "2\r\n00:00:03,000 --> 00:00:05,000 X1:10 X2:20\r\nÜber → 日本語 & <font color=\"red\">rouge</font>\r\n"
      "second line\r\n\r\n\r\n3\r\n01:00:00,000 --> 01:00:01,5\r\n<B>x > y</B>\r\n";
  auto r = parse_srt(srt);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0], (Cue{500, 2500, "1", "", "Bonjour, ça va ? <i>très</i> bien"}));
  EXPECT_EQ((*r)[1], (Cue{3000, 5000, "2", "", "Über → 日本語 &amp; rouge\nsecond line"}));
  EXPECT_EQ((*r)[2], (Cue{3'600'000, 3'601'500, "3", "", "<b>x &gt; y</b>"}));
}

TEST(SrtParser, ErrorsNameTheLine) {
  expect_error_at(parse_srt("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\nno timing here\n"), "line 6",
                  "expected a timing line");
  expect_error_at(parse_srt("1\n00:00:01,000 --> 00:00:02\ntext\n"), "line 2", "bad timestamp");
  expect_error_at(parse_srt("1\n00:00:61,000 --> 00:01:02,000\ntext\n"), "line 2", "bad timestamp");
  expect_error_at(parse_srt("1\n00:00:03,000 --> 00:00:02,000\ntext\n"), "line 2", "ends (00:00:02.000) before it starts");
  expect_error_at(parse_srt("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 --> 00:00:04,000\n\xC3\x28\n"),
                  "line 7", "not UTF-8");
  expect_error_at(parse_srt("1\n00:00:01,000 --> 00:00:02,000\na\n00:00:03,000 --> 00:00:04,000\nb\n"), "line 4",
                  "missing blank line");
  auto empty = parse_srt("\n\n");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("no subtitle cues"), std::string::npos);
}

TEST(WebVttParser, HeaderNotesIdsSettings) {
  const std::string vtt =
      "WEBVTT - a title\nKind: captions\n\nNOTE this is\na comment\n\nSTYLE\n::cue { color: red }\n\n"
      "intro\n00:01.000 --> 00:03.500 line:10% align:start\nHello <b>world</b>\n\n"
      "01:00:00.000 --> 01:00:02.000\n¿Qué tal?\nline two\n";
  auto r = parse_webvtt(vtt);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0], (Cue{1000, 3500, "intro", "line:10% align:start", "Hello <b>world</b>"}));
  EXPECT_EQ((*r)[1], (Cue{3'600'000, 3'602'000, "", "", "¿Qué tal?\nline two"}));
}

TEST(WebVttParser, ErrorsNameTheLine) {
  expect_error_at(parse_webvtt("WEBVT\n\n00:01.000 --> 00:02.000\nx\n"), "line 1", "starts with 'WEBVTT'");
  expect_error_at(parse_webvtt("WEBVTT\n\n00:01,000 --> 00:02.000\nx\n"), "line 3", "bad timestamp");
  expect_error_at(parse_webvtt("WEBVTT\n\nid\nnot timing\n"), "line 4", "after the cue identifier 'id'");
  expect_error_at(parse_webvtt("WEBVTT\n\n00:05.000 --> 00:02.000\nx\n"), "line 3", "before it starts");
}

TEST(AssParser, DialoguesInTimeOrderWithOverridesRemoved) {
  const std::string ass =
      "[Script Info]\nTitle: test\nScriptType: v4.00+\n\n[V4+ Styles]\nFormat: Name, Fontname\nStyle: Default,Arial\n\n"
      "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
      "Dialogue: 0,0:00:04.00,0:00:05.50,Default,,0,0,0,,{\\an8}Zweite, mit Komma\\NZeile\n"
      "Comment: 0,0:00:00.00,0:00:09.00,Default,,0,0,0,,not shown\n"
      "Dialogue: 0,0:00:01.00,0:00:02.25,Default,,0,0,0,,Erste\\hZeile {\\i1}schräg{\\i0}\n";
  auto r = parse_ass(ass);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0], (Cue{1000, 2250, "", "", "Erste Zeile schräg"}));
  EXPECT_EQ((*r)[1], (Cue{4000, 5500, "", "", "Zweite, mit Komma\nZeile"}));
}

TEST(AssParser, ErrorsNameTheLine) {
  expect_error_at(parse_ass("[Script Info]\n[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,D,,0,0,0,,x\n"), "line 3",
                  "before the [Events] Format line");
  const std::string head = "[Script Info]\n[Events]\nFormat: Layer, Start, End, Style, Text\n";
  expect_error_at(parse_ass(head + "Dialogue: 0,0:00:01.00\n"), "line 4", "fields");
  expect_error_at(parse_ass(head + "Dialogue: 0,0:00:0x.00,0:00:02.00,D,x\n"), "line 4", "bad Start or End");
}

TEST(Parsers, DetectFormatByContent) {
  EXPECT_EQ(detect_format("\xEF\xBB\xBFWEBVTT\n"), SubtitleFormat::kWebVtt);
  EXPECT_EQ(detect_format("\n[Script Info]\n"), SubtitleFormat::kAss);
  EXPECT_EQ(detect_format("1\n00:00:01,000 --> 00:00:02,000\n"), SubtitleFormat::kSrt);
}

TEST(CueText, FfmpegAssEventsBecomePlainText) {
  EXPECT_EQ(ass_event_text("3,0,Default,,0,0,0,,{\\b1}Fett{\\b0}, dann\\Nneu", 8), "Fett, dann\nneu");
  EXPECT_EQ(ass_event_text("too,few", 8), "");
  EXPECT_EQ(to_vtt_cue_text({"a --> b", "", "  <u>u</u> <3  "}), "a --&gt; b\n  <u>u</u> &lt;3");
}

TEST(SubtitleSpec, PathLanguageRoleName) {
  auto plain = parse_subtitle_spec("subs/movie.fr.srt");
  ASSERT_TRUE(plain.ok()) << plain.error();
  EXPECT_EQ(*plain, (SubtitleFileSpec{"subs/movie.fr.srt", "fr", TrackRole::kSubtitle, ""}));
  auto full = parse_subtitle_spec("C:/x/en.vtt:role=caption:lang=en-GB:name=English SDH");
  ASSERT_TRUE(full.ok()) << full.error();
  EXPECT_EQ(*full, (SubtitleFileSpec{"C:/x/en.vtt", "en-GB", TrackRole::kCaption, "English SDH"}));
  EXPECT_EQ(parse_subtitle_spec("notes.srt")->lang, "und");
  for (const char* bad : {":lang=fr", "a.srt:lang=f_r", "a.srt:role=main", "a.srt:role=", "a.srt:lang="})
    EXPECT_FALSE(parse_subtitle_spec(bad).ok()) << bad;
}

}  // namespace
}  // namespace packager::subtitles
