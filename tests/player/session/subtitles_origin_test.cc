// Subtitles end to end: dash-package makes a short clip with an English SRT
// as wvtt segments (and, with --subtitles-sidecar, as one .vtt file); the
// test also writes its own MPD with a TTML sidecar next to the same video.
// The real dash-origin serves them and the real dash-player plays headless
// with --subs en: its log must show each cue (non-ASCII text intact) when
// playback reaches the cue's start, none without --subs, and playback must
// go on when the subtitle file is missing.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <regex>

#include "tests/player/player_run.h"
#include "support/origin_process.h"
#include "support/process.h"

namespace {

using testing_support::OriginProcess;
using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

constexpr double kSegmentS = 2;      // --segment-duration
constexpr double kTimeToleranceS = 0.05;  // cue times as written (ms precision)

const std::string kGreeting = "Grüße — 日本語";

struct ExpectedCue {
  double start_s;
  double end_s;
  std::string text;
};
// The first cue spans a segment boundary (2 s): wvtt carries it in two pieces.
const std::vector<ExpectedCue> kCues = {{1.0, 2.5, kGreeting}, {3.2, 4.0, "second cue"}};

class SubtitlesOrigin : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("subtitles-origin");
    const std::string d = shell_quote(dir_->path().string());
    auto clip = run_command("cd " + d +
                            " && ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x180:rate=25:duration=6 -f lavfi"
                            " -i sine=frequency=440:sample_rate=48000:duration=6 -c:v libx264 -preset ultrafast -c:a aac"
                            " -shortest clip.mp4");
    ASSERT_EQ(clip.exit_code, 0) << clip.output;
    std::ofstream(*dir_ / "en.srt") << "1\n00:00:01,000 --> 00:00:02,500\n" << kGreeting
                                    << "\n\n2\n00:00:03,200 --> 00:00:04,000\n<i>second</i> cue\n";
    const std::string package = shell_quote((testing_support::binary_dir() / "packager/dash-package").string()) +
                                " " + shell_quote((*dir_ / "clip.mp4").string()) + " --subtitles " +
                                shell_quote((*dir_ / "en.srt").string()) +
                                " --segment-duration 2 --preset ultrafast --quiet -o ";
    for (auto [name, extra] : {std::pair{"wvtt", ""}, std::pair{"vtt", " --subtitles-sidecar"}}) {
      auto r = run_command(package + shell_quote((*dir_ / "root" / name).string()) + extra);
      ASSERT_EQ(r.exit_code, 0) << r.output;
    }
    write_ttml_presentation();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // root/ttml: the sidecar presentation's video and audio with a TTML file
  // instead of the .vtt, times in two notations and a <br/>.
  static void write_ttml_presentation() {
    const auto from = *dir_ / "root" / "vtt", to = *dir_ / "root" / "ttml";
    std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
    std::ifstream in(to / "manifest.mpd");
    std::string mpd((std::istreambuf_iterator<char>(in)), {});
    mpd = std::regex_replace(mpd, std::regex(R"(mimeType="text/vtt")"), R"(mimeType="application/ttml+xml")");
    mpd = std::regex_replace(mpd, std::regex("s0\\.vtt"), "en.ttml");
    std::ofstream(to / "manifest.mpd") << mpd;
    std::ofstream(to / "en.ttml")
        << R"(<?xml version="1.0" encoding="UTF-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xml:lang="en">
  <body><div>
    <p begin="00:00:01.000" end="00:00:02.500">)"
        << kGreeting << R"(</p>
    <p begin="3.2s" end="4s"><span tts:fontStyle="italic">second</span> cue</p>
  </div></body>
</tt>
)";
  }

  std::unique_ptr<OriginProcess> origin() {
    auto p = std::make_unique<OriginProcess>(*dir_ / "root", dir_->path(), std::vector<std::string>{"--access-log", "off"});
    EXPECT_TRUE(p->ok()) << p->error();
    return p;
  }

  static player_test::PlayerRun play(const std::string& url, const std::string& args, const std::string& log_name) {
    return player_test::run_player(url, args, *dir_ / log_name);
  }

  // Each expected cue is logged once, at its own start (the playhead within
  // a segment of it), with its text.
  static void expect_cues_on_time(const player_test::PlayerRun& run) {
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const auto shown = run.events_named("subtitle_cue");
    ASSERT_EQ(shown.size(), kCues.size()) << run.output;
    for (size_t i = 0; i < kCues.size(); ++i) {
      SCOPED_TRACE("cue " + std::to_string(i));
      EXPECT_EQ(shown[i].value("text", ""), kCues[i].text);
      EXPECT_NEAR(shown[i].value("start_s", -1.0), kCues[i].start_s, kTimeToleranceS);
      EXPECT_NEAR(shown[i].value("end_s", -1.0), kCues[i].end_s, kTimeToleranceS);
      const double position = shown[i].value("position_s", -1.0);
      EXPECT_GE(position, kCues[i].start_s - kTimeToleranceS) << "announced before its time";
      EXPECT_LT(position, kCues[i].start_s + kSegmentS) << "announced late";
    }
    EXPECT_TRUE(run.events_named("subtitle_error").empty()) << run.events_named("subtitle_error")[0].dump();
  }

  static inline ScratchDir* dir_ = nullptr;
};

TEST_F(SubtitlesOrigin, WvttSegmentsShowEachCueAtItsTime) {
  auto o = origin();
  expect_cues_on_time(play(o->base_url() + "/wvtt/manifest.mpd", "--subs en", "wvtt.jsonl"));
}

TEST_F(SubtitlesOrigin, SidecarWebVttShowsEachCueAtItsTime) {
  auto o = origin();
  expect_cues_on_time(play(o->base_url() + "/vtt/manifest.mpd", "--subs en", "vtt.jsonl"));
}

TEST_F(SubtitlesOrigin, SidecarTtmlShowsEachCueAtItsTime) {
  auto o = origin();
  expect_cues_on_time(play(o->base_url() + "/ttml/manifest.mpd", "--subs en", "ttml.jsonl"));
}

TEST_F(SubtitlesOrigin, OffUnlessAskedForOrInAnotherLanguage) {
  auto o = origin();
  auto by_default = play(o->base_url() + "/wvtt/manifest.mpd", "", "off.jsonl");
  ASSERT_EQ(by_default.exit_code, 0) << by_default.output;
  EXPECT_TRUE(by_default.events_named("subtitle_cue").empty());
  EXPECT_TRUE(by_default.events_named("subtitle_segment").empty()) << "fetched subtitles nobody asked for";
  auto french = play(o->base_url() + "/wvtt/manifest.mpd", "--subs fr", "fr.jsonl");
  ASSERT_EQ(french.exit_code, 0) << french.output;
  EXPECT_TRUE(french.events_named("subtitle_cue").empty());
  bool warned = false;
  for (const auto& w : french.events_named("warning")) warned = warned || w.dump().find("--subs fr") != std::string::npos;
  EXPECT_TRUE(warned);
}

// CMCD goes on subtitle requests too: ot=i for the init segment, ot=c for cues.
TEST_F(SubtitlesOrigin, CmcdNamesSubtitleRequestsAsInitAndCaptions) {
  const auto access_log = *dir_ / "cmcd-access.log";
  {
    OriginProcess o(*dir_ / "root", dir_->path(), {"--access-log", access_log.string()});
    ASSERT_TRUE(o.ok()) << o.error();
    auto run = play(o.base_url() + "/wvtt/manifest.mpd", "--subs en --cmcd query", "cmcd.jsonl");
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }
  std::ifstream in(access_log);
  int init_lines = 0, cue_lines = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.find("/wvtt/s0-") == std::string::npos) continue;
    SCOPED_TRACE(line);
    EXPECT_NE(line.find("sid="), std::string::npos);
    if (line.find("/wvtt/s0-init.mp4") != std::string::npos) {
      EXPECT_NE(line.find("ot=i"), std::string::npos);
      ++init_lines;
    } else {
      EXPECT_NE(line.find("ot=c"), std::string::npos);
      EXPECT_NE(line.find("d=2000"), std::string::npos);
      ++cue_lines;
    }
  }
  EXPECT_EQ(init_lines, 1);
  EXPECT_EQ(cue_lines, 3);  // 6 s in 2 s segments
}

TEST_F(SubtitlesOrigin, AMissingSubtitleFileIsLoggedOnceAndPlaybackGoesOn) {
  const auto broken = *dir_ / "root" / "broken";
  std::filesystem::copy(*dir_ / "root" / "wvtt", broken, std::filesystem::copy_options::recursive);
  for (const char* name : {"s0-1.m4s", "s0-2.m4s"}) std::filesystem::remove(broken / name);
  auto o = origin();
  auto run = play(o->base_url() + "/broken/manifest.mpd", "--subs en", "broken.jsonl");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.events_named("subtitle_error").size(), 1u);
  EXPECT_NEAR(run.summary.value("played_s", 0.0), 6.0, 0.2) << run.summary.dump();
  EXPECT_TRUE(run.events_named("subtitle_cue").empty());  // both cues lived in the missing segments
}

}  // namespace
