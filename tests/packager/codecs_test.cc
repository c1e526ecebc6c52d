// dash-package --codec h264,hevc,av1: one AdaptationSet per codec with
// segments aligned across all of them, sample entries and codecs strings
// from the real bitstreams; --copy of HEVC and AV1 renditions.
#include <gtest/gtest.h>

#include "media/mpd/reader.h"
#include "clip_fixture.h"
#include "presentation_check.h"
#include "support/process.h"

namespace packager_test {
namespace {

using testing_support::run_command;
using testing_support::shell_quote;

class Codecs : public ClipFixture<Codecs> {
 public:
  static constexpr const char* kScratchName = "codecs";
  static std::string clip_args(const std::string& name) {
    const std::string src = "-f lavfi -i testsrc2=s=640x360:r=30:d=4 -f lavfi -i sine=r=48000:d=4 ";
    const std::string x265 = "-c:v libx265 -preset ultrafast -tag:v hvc1 "
                             "-x265-params keyint=60:min-keyint=60:scenecut=0:open-gop=0:log-level=error ";
    if (name == "hevc.mp4") return src + x265 + "-b:v 500k -c:a aac";
    if (name == "hevc.ts") return src + "-s 320x180 " + x265 + "-an -f mpegts";  // in-band parameter sets, Annex B
    if (name == "av1.mp4") return src + "-s 320x180 -c:v libsvtav1 -preset 12 -g 60 -b:v 200k -an";
    if (name == "ntsc.mp4") return "-f lavfi -i testsrc2=s=320x180:r=30000/1001:d=5 -c:v libx264 -preset ultrafast";
    return {};
  }
};

// codecs of each video AdaptationSet's first representation, in MPD order.
std::vector<std::string> video_codecs(const std::filesystem::path& dir) {
  auto mpd = media::read_mpd_file(dir / "manifest.mpd");
  EXPECT_TRUE(mpd.ok()) << mpd.error();
  std::vector<std::string> out;
  if (!mpd.ok()) return out;
  for (const auto& set : mpd->periods.at(0).adaptation_sets)
    if (set.content_type == "video") out.push_back(set.representations.at(0).common.codecs.value_or(""));
  return out;
}

std::string sample_entry(const std::filesystem::path& init) {
  return run_command("ffprobe -v error -show_entries stream=codec_tag_string -of csv=p=0 " + shell_quote(init.string()))
      .output;
}

TEST_F(Codecs, ThreeCodecsAlignedInOneSetEach) {
  auto r = package("three", "--test-source 4 --test-source-size 320x180 --codec h264,hevc,av1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Expected e{3, true, 2, 120, 1.0 / 30, std::make_pair(320u, 180u)};
  e.psnr = false;  // x265 and SVT-AV1 report none; --quality display measures every codec
  check_presentation(out("three"), e);  // includes: every rung's segments start at the same tfdt
  auto codecs = video_codecs(out("three"));
  ASSERT_EQ(codecs.size(), 3u);
  EXPECT_EQ(codecs[0].substr(0, 5), "avc1.");
  EXPECT_EQ(codecs[1], "hvc1.1.6.L60.90");  // Main, level 2.0 (60), progressive frames
  EXPECT_EQ(codecs[2], "av01.0.00M.08");     // Main, level 2.0, 8 bit
  EXPECT_EQ(sample_entry(out("three") / "hevc-v0-init.mp4"), "hvc1\n");
  EXPECT_EQ(sample_entry(out("three") / "av1-v0-init.mp4"), "av01\n");
}

TEST_F(Codecs, Av1MakesSegmentsWholeFrames) {
  // 2 s at 29.97 fps is 59.94 frames: with AV1 every segment is 60 frames (2.002 s) in every codec.
  auto r = package("ntsc", in("ntsc.mp4") + " --codec h264,av1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Expected e{2, false, 3, 150, 1001.0 / 30000, std::nullopt};
  e.psnr = false;
  check_presentation(out("ntsc"), e);
  auto mpd = media::read_mpd_file(out("ntsc") / "manifest.mpd");
  ASSERT_TRUE(mpd.ok());
  const auto& timeline = mpd->periods[0].adaptation_sets[0].segment_info.segment_template->timeline;
  ASSERT_TRUE(timeline && !timeline->empty());
  EXPECT_EQ(timeline->front().d, 180180u);  // 60 frames of 3003 ticks
}

TEST_F(Codecs, CopyHevcAndAv1Renditions) {
  for (const char* profile : {"live", "ondemand"}) {
    SCOPED_TRACE(profile);
    const std::string name = std::string("copy-") + profile;
    auto r = package(name, "--copy " + in("hevc.mp4") + " " + in("av1.mp4") + " " + in("hevc.ts") + " --profile " + profile);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    Expected e{3, true, 2, 120, 1.0 / 30, std::make_pair(640u, 360u)};
    e.psnr = false;
    check_presentation(out(name), e);
    auto codecs = video_codecs(out(name));
    ASSERT_EQ(codecs.size(), 2u);  // HEVC (two renditions) and AV1
    EXPECT_EQ(codecs[0].substr(0, 5), "hvc1.");
    EXPECT_EQ(codecs[1], "av01.0.00M.08");
  }
}

TEST_F(Codecs, UnknownCodecIsAnError) {
  auto r = package("vp9", "--test-source 1 --codec h264,vp9");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("'vp9' is not h264, hevc or av1"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace packager_test
