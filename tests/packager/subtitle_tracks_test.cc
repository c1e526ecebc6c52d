// dash-package with subtitles: the input's own text streams (ASS in mkv,
// mov_text in mp4) and sidecar files (SRT, WebVTT, ASS) become WebVTT text
// tracks cut like the video, with language and role; --subtitles-sidecar
// lists one .vtt per track; a malformed file is one error line naming the
// file and the line, before anything is encoded.
#include <gtest/gtest.h>

#include <fstream>

#include "media/file_io.h"
#include "media/isobmff/boxes.h"
#include "media/mpd/reader.h"
#include "clip_fixture.h"
#include "presentation_check.h"
#include "support/process.h"

namespace packager_test {
namespace {

using testing_support::shell_quote;

constexpr uint32_t kVideoTimescale = 90000;

const char* kFrenchSrt =
    "1\r\n00:00:00,500 --> 00:00:02,500\r\nBonjour, ça va ? <i>très</i> bien\r\n\r\n"
    "2\r\n00:00:03,000 --> 00:00:05,000\r\nÜber → 日本語 & <font color=\"red\">rouge</font>\r\n";
const char* kEnglishVtt = "WEBVTT\n\nintro\n00:01.000 --> 00:03.500 line:10%\nHello <b>world</b>\n";
const char* kGermanAss =
    "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:00.20,0:00:01.40,Default,,0,0,0,,{\\i1}Grüße{\\i0}\\Nzweite Zeile\n";
const char* kBadSrt = "1\n00:00:00,500 --> 00:00:01,500\nfine\n\n00:00:02,000 -> 00:00:03,000\nbroken arrow\n";

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

class SubtitleTracks : public ClipFixture<SubtitleTracks> {
 public:
  static constexpr const char* kScratchName = "subtitle-tracks";
  static void SetUpTestSuite() {
    ClipFixture::SetUpTestSuite();
    write_text(*dir_ / "fr.srt", kFrenchSrt);
    write_text(*dir_ / "en.vtt", kEnglishVtt);
    write_text(*dir_ / "de.ass", kGermanAss);
    write_text(*dir_ / "bad.srt", kBadSrt);
  }
  static std::string clip_args(const std::string& name) {
    const std::string av = "-f lavfi -i testsrc2=s=320x180:r=30:d=4 -f lavfi -i sine=r=48000:d=4 -i " +
                           shell_quote((*dir_ / "fr.srt").string()) +
                           " -map 0 -map 1 -map 2 -c:v libx264 -preset ultrafast -c:a aac -metadata:s:s:0 language=spa ";
    if (name == "embedded.mkv") return av + "-c:s ass";
    if (name == "embedded.mp4") return av + "-c:s mov_text";
    return {};
  }
};

struct TextSet {
  std::string lang, role, mime;
};

std::vector<TextSet> text_sets(const std::filesystem::path& dir) {
  auto mpd = media::read_mpd_file(dir / "manifest.mpd");
  EXPECT_TRUE(mpd.ok()) << mpd.error();
  std::vector<TextSet> out;
  if (!mpd.ok()) return out;
  for (const auto& set : mpd->periods.at(0).adaptation_sets)
    if (set.content_type == "text")
      out.push_back({set.lang.value_or(""), set.roles.empty() ? "" : set.roles[0].value.value_or(""),
                     set.common.mime_type.value_or("")});
  return out;
}

media::Bytes bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

uint32_t be32(media::Bytes b, size_t at) {
  return (uint32_t(b[at]) << 24) | (uint32_t(b[at + 1]) << 16) | (uint32_t(b[at + 2]) << 8) | b[at + 3];
}

// The text shown at `t_s` by live-profile WebVTT-in-MP4 track `id` ("" when
// none): reads each segment's tfdt, trun (duration, size, flags per sample)
// and the vttc/payl boxes of the sample covering t.
std::string shown_at(const std::filesystem::path& dir, const std::string& id, double t_s) {
  const int64_t t = static_cast<int64_t>(t_s * kVideoTimescale);
  for (int n = 1; std::filesystem::exists(dir / (id + "-" + std::to_string(n) + ".m4s")); ++n) {
    auto file = media::read_file(dir / (id + "-" + std::to_string(n) + ".m4s"));
    if (!file.ok()) return "<unreadable>";
    auto top = media::read_boxes(bytes(*file));
    if (!top.ok()) return "<bad boxes>";
    auto moof = media::find_box(*top, media::fourcc("moof"));
    auto mdat = media::find_box(*top, media::fourcc("mdat"));
    if (!moof || !mdat) return "<no moof/mdat>";
    auto traf = media::find_child(*moof, media::fourcc("traf"));
    auto tfdt = media::find_child(**traf, media::fourcc("tfdt"));
    auto trun = media::find_child(**traf, media::fourcc("trun"));
    int64_t start = static_cast<int64_t>((uint64_t(be32((*tfdt)->payload, 4)) << 32) | be32((*tfdt)->payload, 8));
    const media::Bytes run = (*trun)->payload;
    const uint32_t count = be32(run, 4);
    size_t offset = 0;  // into the mdat payload
    for (uint32_t i = 0; i < count; ++i) {
      const uint32_t duration = be32(run, 12 + 12 * i), size = be32(run, 16 + 12 * i);
      if (t >= start && t < start + duration) {
        auto cues = media::read_boxes(mdat->payload.subspan(offset, size));
        std::string text;
        for (const auto& c : *cues) {
          if (c.type != media::fourcc("vttc")) continue;
          auto payl = media::find_child(c, media::fourcc("payl"));
          if (!text.empty()) text += "|";
          text += std::string(reinterpret_cast<const char*>((*payl)->payload.data()), (*payl)->payload.size());
        }
        return text;
      }
      start += duration;
      offset += size;
    }
  }
  return "<past the end>";
}

TEST_F(SubtitleTracks, InputStreamAndSidecarFiles) {
  auto r = package("mkv", in("embedded.mkv") + " --subtitles " + in("fr.srt") + " --subtitles " + in("en.vtt") +
                              ":role=caption --subtitles " + in("de.ass") + ":name=Deutsch");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  check_presentation(out("mkv"), {1, true, 2, 120, 1.0 / 30, std::make_pair(320u, 180u)});
  auto sets = text_sets(out("mkv"));
  ASSERT_EQ(sets.size(), 4u);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"es", "subtitle"}, {"fr", "subtitle"}, {"en", "caption"}, {"de", "subtitle"}};
  for (size_t i = 0; i < sets.size(); ++i) {
    EXPECT_EQ(std::make_pair(sets[i].lang, sets[i].role), expected[i]) << i;
    EXPECT_EQ(sets[i].mime, "application/mp4");
  }
  // s0: the mkv's own stream (SRT → ASS in the mkv → plain text).
  EXPECT_EQ(shown_at(out("mkv"), "s0", 1.0), "Bonjour, ça va ? très bien");
  EXPECT_EQ(shown_at(out("mkv"), "s0", 2.7), "");
  // s1: the SRT file, tags kept or dropped, '&' escaped.
  EXPECT_EQ(shown_at(out("mkv"), "s1", 0.4), "");
  EXPECT_EQ(shown_at(out("mkv"), "s1", 0.6), "Bonjour, ça va ? <i>très</i> bien");
  EXPECT_EQ(shown_at(out("mkv"), "s1", 3.5), "Über → 日本語 &amp; rouge");
  // s2: a cue across the 2 s segment boundary is in both segments.
  EXPECT_EQ(shown_at(out("mkv"), "s2", 1.5), "Hello <b>world</b>");
  EXPECT_EQ(shown_at(out("mkv"), "s2", 2.5), "Hello <b>world</b>");
  EXPECT_EQ(shown_at(out("mkv"), "s2", 3.6), "");
  // s3: ASS overrides removed, \N a line break.
  EXPECT_EQ(shown_at(out("mkv"), "s3", 1.0), "Grüße\nzweite Zeile");
}

TEST_F(SubtitleTracks, MovTextOnDemand) {
  auto r = package("mp4", in("embedded.mp4") + " --profile ondemand");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  check_presentation(out("mp4"), {1, true, 2, 120, 1.0 / 30, std::nullopt});
  auto sets = text_sets(out("mp4"));
  ASSERT_EQ(sets.size(), 1u);
  EXPECT_EQ(sets[0].lang, "es");
  EXPECT_TRUE(std::filesystem::exists(out("mp4") / "s0.mp4"));
}

TEST_F(SubtitleTracks, SidecarFiles) {
  auto r = package("sidecar", in("embedded.mkv") + " --subtitle-streams none --subtitles " + in("fr.srt") +
                                  " --subtitles-sidecar");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  check_presentation(out("sidecar"), {1, true, 2, 120, 1.0 / 30, std::nullopt});
  auto sets = text_sets(out("sidecar"));
  ASSERT_EQ(sets.size(), 1u);
  EXPECT_EQ(sets[0].mime, "text/vtt");
  auto vtt = media::read_file(out("sidecar") / "s0.vtt");
  ASSERT_TRUE(vtt.ok()) << vtt.error();
  EXPECT_EQ(*vtt,
            "WEBVTT\n\n1\n00:00:00.500 --> 00:00:02.500\nBonjour, ça va ? <i>très</i> bien\n\n"
            "2\n00:00:03.000 --> 00:00:04.000\nÜber → 日本語 &amp; rouge\n");  // ends with the presentation
  EXPECT_FALSE(std::filesystem::exists(out("sidecar") / "s0-init.mp4"));
}

TEST_F(SubtitleTracks, MalformedFileIsOneErrorLineBeforeEncoding) {
  auto r = package("bad", in("embedded.mkv") + " --subtitles " + in("bad.srt"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "dash-package: error: subtitles '" + (*dir_ / "bad.srt").string() +
                          "': line 5: expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm', found "
                          "'00:00:02,000 -> 00:00:03,000'\n");
  EXPECT_FALSE(std::filesystem::exists(out("bad")));
  auto missing = package("missing", in("embedded.mkv") + " --subtitles " + shell_quote((*dir_ / "nope.srt").string()));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("nope.srt"), std::string::npos) << missing.output;
}

}  // namespace
}  // namespace packager_test
