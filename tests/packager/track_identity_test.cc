// Language tags, track roles and labels from stream metadata and the
// command line (--audio, --audio-lang, --audio-role).
#include "packager/track_identity.h"

#include <gtest/gtest.h>

#include "packager/language.h"
#include "packager/track_options.h"

namespace packager {
namespace {

StreamTags audio(int number, std::string language, bool is_default = false) {
  StreamTags t;
  t.number = number;
  t.codec = "aac";
  t.channels = 2;
  t.language = std::move(language);
  t.is_default = is_default;
  return t;
}

TEST(Language, Bcp47PrefersTwoLetterCodes) {
  EXPECT_EQ(bcp47_language("eng"), "en");
  EXPECT_EQ(bcp47_language("fre"), "fr");  // ISO 639-2/B
  EXPECT_EQ(bcp47_language("fra"), "fr");  // ISO 639-2/T
  EXPECT_EQ(bcp47_language("GER"), "de");
  EXPECT_EQ(bcp47_language("pt-br"), "pt-BR");
  EXPECT_EQ(bcp47_language("zh-hant"), "zh-Hant");
  EXPECT_EQ(bcp47_language("tlh"), "tlh");  // no two-letter code: kept
  EXPECT_EQ(bcp47_language(""), "und");
  EXPECT_EQ(bcp47_language("e"), "und");
  EXPECT_EQ(bcp47_language("en_US"), "und");
}

TEST(Language, Iso639ForMdhd) {
  EXPECT_EQ(iso639_2_language("en"), "eng");
  EXPECT_EQ(iso639_2_language("fre"), "fra");
  EXPECT_EQ(iso639_2_language("fr-CA"), "fra");
  EXPECT_EQ(iso639_2_language("tlh"), "tlh");
  EXPECT_EQ(iso639_2_language("xx"), "und");
  EXPECT_EQ(language_name("deu"), "German");
}

TEST(TrackIdentity, OneMainPerLanguageCommentaryAndDescription) {
  std::vector<StreamTags> s = {audio(0, "eng", true), audio(1, "fre"), audio(2, "eng"), audio(3, "eng"),
                               audio(4, "eng")};
  s[3].commentary = true;
  s[4].visual_impaired = true;
  auto ids = identify_audio_tracks(s, {});
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_EQ(ids[0], (TrackIdentity{"en", TrackRole::kMain, "English"}));
  EXPECT_EQ(ids[1], (TrackIdentity{"fr", TrackRole::kMain, "French"}));
  EXPECT_EQ(ids[2], (TrackIdentity{"en", TrackRole::kAlternate, "English"}));
  EXPECT_EQ(ids[3], (TrackIdentity{"en", TrackRole::kCommentary, "English (commentary)"}));
  EXPECT_EQ(ids[4], (TrackIdentity{"en", TrackRole::kDescription, "English (description)"}));
}

TEST(TrackIdentity, DefaultFlagPicksTheMainAndTitlesAreLabels) {
  std::vector<StreamTags> s = {audio(0, "eng"), audio(1, "eng", true)};
  s[1].title = "Stereo mix";
  auto ids = identify_audio_tracks(s, {});
  EXPECT_EQ(ids[0].role, TrackRole::kAlternate);
  EXPECT_EQ(ids[1].role, TrackRole::kMain);
  EXPECT_EQ(ids[1].label, "Stereo mix");
}

TEST(TrackIdentity, OverridesWin) {
  std::vector<StreamTags> s = {audio(0, ""), audio(2, "")};  // --audio 0,2: numbers are the input's
  TrackOverrides o;
  ASSERT_TRUE(parse_lang_assignment("--audio-lang", "2=fr", o).ok());
  ASSERT_TRUE(parse_role_assignment("--audio-role", "0=commentary", true, o).ok());
  auto ids = identify_audio_tracks(s, o);
  EXPECT_EQ(ids[0], (TrackIdentity{"und", TrackRole::kCommentary, "Unknown language (commentary)"}));
  EXPECT_EQ(ids[1], (TrackIdentity{"fr", TrackRole::kMain, "French"}));
}

TEST(TrackIdentity, SubtitleRoles) {
  StreamTags t;
  t.language = "spa";
  EXPECT_EQ(identify_subtitle_track(t, {}), (TrackIdentity{"es", TrackRole::kSubtitle, "Spanish"}));
  t.hearing_impaired = true;
  EXPECT_EQ(identify_subtitle_track(t, {}).role, TrackRole::kCaption);
  t.hearing_impaired = false;
  t.forced = true;
  EXPECT_EQ(identify_subtitle_track(t, {}), (TrackIdentity{"es", TrackRole::kForcedSubtitle, "Spanish (forced-subtitle)"}));
}

TEST(TrackOptions, StreamNumbers) {
  auto r = parse_stream_numbers("--audio", "0,2");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(*r, (std::vector<int>{0, 2}));
  auto none = parse_stream_numbers("--audio", "none");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  for (const char* bad : {"", "0,", "a", "1,1", "-1", "64", "0;2"}) {
    auto b = parse_stream_numbers("--audio", bad);
    ASSERT_FALSE(b.ok()) << bad;
    EXPECT_NE(b.error().message.find("--audio"), std::string::npos) << b.error().message;
  }
}

TEST(TrackOptions, BadAssignments) {
  TrackOverrides o;
  for (const char* bad : {"fr", "=fr", "1=", "1=f", "1=fr_FR", "x=fr"})
    EXPECT_FALSE(parse_lang_assignment("--audio-lang", bad, o).ok()) << bad;
  EXPECT_FALSE(parse_role_assignment("--audio-role", "1=caption", true, o).ok());
  EXPECT_FALSE(parse_role_assignment("--audio-role", "1=director", true, o).ok());
  EXPECT_FALSE(parse_role_assignment("--subtitle-role", "1=main", false, o).ok());
  EXPECT_TRUE(parse_role_assignment("--subtitle-role", "1=forced-subtitle", false, o).ok());
  EXPECT_TRUE(o.langs.empty());
}

}  // namespace
}  // namespace packager
