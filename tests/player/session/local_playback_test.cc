// The real session plays presentations made by the FFmpeg CLI from local
// files (template, timeline and single-file forms, two video renditions and
// audio), decoding every frame across representation switches; and rejects
// bad input with one clear error.
#include <gtest/gtest.h>

#include <fstream>

#include "player/av/decode_probe.h"
#include "player/session/session.h"
#include "support/process.h"

namespace player {
namespace {

using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

constexpr int kFrames = 6 * 25;  // 6 s at 25 fps

class LocalPlayback : public ::testing::TestWithParam<const char*> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("local-playback");
    const std::string input =
        "-f lavfi -i testsrc2=size=640x360:rate=25:duration=6 -f lavfi -i sine=frequency=440:sample_rate=48000:duration=6 "
        "-map 0:v -map 0:v -map 1:a -c:v libx264 -preset ultrafast -g 25 -keyint_min 25 -sc_threshold 0 "
        "-s:v:0 320x180 -b:v:0 300k -s:v:1 640x360 -b:v:1 800k -c:a aac -b:a 64k "
        "-adaptation_sets 'id=0,streams=v id=1,streams=a' -f dash -seg_duration 2 ";
    const std::pair<const char*, const char*> forms[] = {
        {"template", "-use_template 1 -use_timeline 0"},
        {"timeline", "-use_template 1 -use_timeline 1"},
        {"single", "-single_file 1 -use_template 0 -use_timeline 0"},
    };
    for (const auto& [name, flags] : forms) {
      std::filesystem::create_directories(*dir_ / name);
      auto r = run_command("ffmpeg -nostdin -v error -y " + input + flags + " " +
                           shell_quote((*dir_ / name / "manifest.mpd").string()));
      ASSERT_EQ(r.exit_code, 0) << r.output;
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static ScratchDir* dir_;
};

ScratchDir* LocalPlayback::dir_ = nullptr;

TEST_P(LocalPlayback, DecodesEveryFrameAcrossSwitches) {
  SessionOptions o;
  o.url = (*dir_ / GetParam() / "manifest.mpd").string();
  o.fast = true;
  o.log_path = (*dir_ / (std::string(GetParam()) + ".jsonl")).string();
  Session session(o);
  auto summary = session.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  EXPECT_EQ(summary->video_frames, kFrames);
  EXPECT_EQ(summary->video_segments, 3u);
  EXPECT_GE(summary->audio_segments, 3u);
  EXPECT_EQ(summary->skipped_segments, 0u);
  EXPECT_NEAR(summary->played_s, 6.0, 0.05);
  ASSERT_EQ(summary->rungs.size(), 2u);
  // Local reads are fast: the chooser moves up from the lowest rung, so the
  // decoder had to switch representations mid-stream.
  EXPECT_GT(summary->rungs[0].media_s, 0);
  EXPECT_GT(summary->rungs[1].media_s, 0);
  EXPECT_GE(summary->switches, 1);
}

INSTANTIATE_TEST_SUITE_P(Forms, LocalPlayback, ::testing::Values("template", "timeline", "single"));

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The probe that ranks codecs decodes a real segment; garbage is an error.
TEST_F(LocalPlayback, TheDecodeProbeMeasuresARealSegment) {
  const std::string init = read_file(*dir_ / "template" / "init-stream1.m4s");
  const std::string segment = read_file(*dir_ / "template" / "chunk-stream1-00001.m4s");
  ASSERT_FALSE(init.empty() || segment.empty());
  auto cost = measure_decode_cost(init, segment);
  ASSERT_TRUE(cost.ok()) << cost.error();
  EXPECT_GT(*cost, 0);
  EXPECT_FALSE(measure_decode_cost(init, "not a segment").ok());
}

// The same 6 s twice as two Periods: the decoders are opened again for the
// second Period's representations and its frames land 6 s later.
TEST_F(LocalPlayback, TwoPeriodsDecodeOneAfterTheOther) {
  const std::string one = read_file(*dir_ / "template" / "manifest.mpd");
  const size_t begin = one.find("<Period"), end = one.find("</Period>");
  ASSERT_NE(end, std::string::npos);
  const std::string body = one.substr(one.find('>', begin) + 1, end - one.find('>', begin) - 1);
  std::ofstream(*dir_ / "template" / "two.mpd")
      << "<MPD xmlns='urn:mpeg:dash:schema:mpd:2011' type='static' profiles='urn:mpeg:dash:profile:isoff-live:2011'"
         " minBufferTime='PT2S' mediaPresentationDuration='PT12S'><Period id='a' start='PT0S'>"
      << body << "</Period><Period id='b' start='PT6S'>" << body << "</Period></MPD>";
  SessionOptions o;
  o.url = (*dir_ / "template" / "two.mpd").string();
  o.fast = true;
  Session session(o);
  auto summary = session.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  EXPECT_EQ(summary->video_frames, 2 * kFrames);
  EXPECT_EQ(summary->video_segments, 6u);
  EXPECT_EQ(summary->skipped_segments, 0u);
  EXPECT_NEAR(summary->played_s, 12.0, 0.05);
}

media::Error play_error(const std::string& url) {
  SessionOptions o;
  o.url = url;
  o.fast = true;
  Session session(o);
  auto r = session.run();
  EXPECT_FALSE(r.ok()) << url;
  return r.ok() ? media::Error{} : r.error();
}

TEST(LocalPlaybackErrors, BadInputsGiveOneClearError) {
  ScratchDir dir("local-playback-errors");
  EXPECT_NE(play_error((dir / "missing.mpd").string()).message.find("No such file"), std::string::npos);

  std::ofstream(dir / "broken.mpd") << "<MPD profiles='p' minBufferTime='PT1S'><Period>";
  EXPECT_NE(play_error((dir / "broken.mpd").string()).message.find("XML error"), std::string::npos);

  std::ofstream(dir / "text.mpd")
      << "<MPD profiles='p' minBufferTime='PT1S' mediaPresentationDuration='PT4S'><Period><AdaptationSet "
         "contentType='text' mimeType='application/ttml+xml'><Representation id='t' bandwidth='1'>"
         "<BaseURL>t.ttml</BaseURL></Representation></AdaptationSet></Period></MPD>";
  EXPECT_NE(play_error((dir / "text.mpd").string()).message.find("no playable stream"), std::string::npos);

  std::ofstream(dir / "webm.mpd")
      << "<MPD profiles='p' minBufferTime='PT1S' mediaPresentationDuration='PT4S'><Period><AdaptationSet "
         "contentType='video' mimeType='video/webm' codecs='vp8'><SegmentTemplate duration='2' media='$Number$.webm'/>"
         "<Representation id='v' bandwidth='1'/></AdaptationSet></Period></MPD>";
  EXPECT_NE(play_error((dir / "webm.mpd").string()).message.find("no playable stream"), std::string::npos);

  // Segments that are not media.
  std::ofstream(dir / "junk.mpd")
      << "<MPD profiles='p' minBufferTime='PT1S' mediaPresentationDuration='PT4S'><Period><AdaptationSet "
         "contentType='video' mimeType='video/mp4' codecs='avc1.64001f'><SegmentTemplate duration='2' "
         "initialization='init.mp4' media='$Number$.m4s'/><Representation id='v' bandwidth='1000'/>"
         "</AdaptationSet></Period></MPD>";
  for (const char* f : {"init.mp4", "1.m4s", "2.m4s"}) std::ofstream(dir / f) << "this is not media at all";
  EXPECT_NE(play_error((dir / "junk.mpd").string()).message.find("not playable media"), std::string::npos);

  EXPECT_NE(play_error("http://127.0.0.1:1/manifest.mpd").message.find("GET http://127.0.0.1:1/manifest.mpd"),
            std::string::npos);
}

}  // namespace
}  // namespace player
