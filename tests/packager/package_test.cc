// dash-package end to end on short clips the test makes with the FFmpeg CLI
// (and on its own --test-source): odd frame rates and sizes, portrait,
// rotation, mkv, no audio, audio only, both profiles, --copy.
#include <gtest/gtest.h>

#include "clip_fixture.h"
#include "presentation_check.h"
#include "support/process.h"

namespace packager_test {
namespace {

using testing_support::shell_quote;

// Short clips keep the suite fast on two cores; ultrafast encodes the inputs.
// ctest runs every test in its own process, so a clip is made when a test
// first asks for it: each test pays only for the inputs it packages.
class Package : public ClipFixture<Package> {
 public:
  static constexpr const char* kScratchName = "package";
  // The FFmpeg arguments that make each input clip.
  static std::string clip_args(const std::string& name) {
    const std::string enc = " -c:v libx264 -preset ultrafast -pix_fmt yuv420p ";
    // Renditions for --copy: key frames every 2 s (aligned), or every 1.5 s (not).
    const std::string copy_src = "-f lavfi -i testsrc2=s=640x360:r=30:d=4 -f lavfi -i sine=r=48000:d=4 ";
    if (name == "base.mp4")
      return "-f lavfi -i testsrc2=s=640x360:r=30:d=6 -f lavfi -i sine=f=440:r=48000:d=6" + enc + "-c:a aac";
    if (name == "ntsc.mp4")
      return "-f lavfi -i testsrc2=s=480x270:r=30000/1001:d=5 -f lavfi -i sine=f=300:r=44100:d=5" + enc + "-c:a aac";
    if (name == "pal.mp4")
      return "-f lavfi -i testsrc2=s=480x270:r=25:d=5 -f lavfi -i sine=f=300:r=48000:d=5" + enc + "-c:a aac";
    // Odd width needs 4:4:4 in H.264; mkv container.
    if (name == "odd.mkv")
      return "-f lavfi -i testsrc2=s=640x360:r=30:d=3,scale=853:480 -f lavfi -i sine=r=48000:d=3 "
             "-c:v libx264 -preset ultrafast -pix_fmt yuv444p -c:a aac";
    if (name == "portrait.mp4") return "-f lavfi -i testsrc2=s=720x1280:r=30:d=3" + enc;  // and no audio
    if (name == "audio.m4a") return "-f lavfi -i sine=f=440:r=48000:d=5 -c:a aac";
    if (name == "plain.mp4")
      return "-f lavfi -i testsrc2=s=640x360:r=30:d=3 -f lavfi -i sine=r=48000:d=3" + enc + "-c:a aac";
    // Rotation metadata survives a stream copy in FFmpeg 5.1 (not an encode).
    if (name == "rotated.mp4") return "-i " + in("plain.mp4") + " -c copy -metadata:s:v:0 rotate=90";
    if (name == "copy-hi.mp4")
      return copy_src + "-c:v libx264 -preset ultrafast -b:v 800k -g 60 -keyint_min 60 -sc_threshold 0 -c:a aac";
    if (name == "copy-lo.mp4")
      return copy_src + "-s 320x180 -c:v libx264 -preset ultrafast -b:v 300k -g 60 -keyint_min 60 -sc_threshold 0 -an";
    if (name == "copy-off.mp4")
      return copy_src + "-s 320x180 -c:v libx264 -preset ultrafast -g 45 -keyint_min 45 -sc_threshold 0 -an";
    return {};
  }

  // Packages `input_args` into out(name) with 2 s segments and checks it.
  static void package_and_check(const std::string& name, const std::string& input_args, const Expected& e,
                                const std::string& extra = "") {
    auto r = run_package(input_args + " -o " + shell_quote(out(name).string()) +
                         " --segment-duration 2 --preset ultrafast --quiet " + extra);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    check_presentation(out(name), e);
  }

};

TEST_F(Package, Mp4WithAudio) {
  package_and_check("base", in("base.mp4"), {2, true, 3, 180, 1.0 / 30, std::make_pair(640u, 360u)});
}

TEST_F(Package, OnDemandProfile) {
  package_and_check("ondemand", in("base.mp4"), {2, true, 3, 180, 1.0 / 30, std::make_pair(640u, 360u)},
                    "--profile ondemand");
}

TEST_F(Package, Ntsc2997WithResampledAudio) {
  // 5 s at 29.97: 149.85 frames; segments start at frames 0, 60, 120.
  package_and_check("ntsc", in("ntsc.mp4"), {1, true, 3, 150, 1001.0 / 30000, std::nullopt});
}

TEST_F(Package, Pal25) { package_and_check("pal", in("pal.mp4"), {1, true, 3, 125, 1.0 / 25, std::nullopt}); }

TEST_F(Package, OddSizeMkv) {
  package_and_check("odd", in("odd.mkv"), {3, true, 2, 90, 1.0 / 30, std::make_pair(852u, 480u)});
}

TEST_F(Package, PortraitWithoutAudio) {
  package_and_check("portrait", in("portrait.mp4"), {4, false, 2, 90, 1.0 / 30, std::make_pair(720u, 1280u)});
}

TEST_F(Package, AudioOnly) { package_and_check("audio", in("audio.m4a"), {0, true, 3, std::nullopt, 1.0 / 30, std::nullopt}); }

TEST_F(Package, RotationMetadataMakesItUpright) {
  package_and_check("rotated", in("rotated.mp4"), {2, true, 2, 90, 1.0 / 30, std::make_pair(360u, 640u)});
}

TEST_F(Package, ExplicitLadder) {
  package_and_check("ladder", in("base.mp4"), {3, true, 3, 180, 1.0 / 30, std::make_pair(640u, 360u)},
                    "--ladder 320x180@300k,240p@400k,640x360@900k");
}

TEST_F(Package, TestSourceBothProfiles) {
  for (const char* profile : {"live", "ondemand"}) {
    SCOPED_TRACE(profile);
    package_and_check(std::string("test-source-") + profile, "--test-source 3 --test-source-size 320x180",
                      {1, true, 2, 90, 1.0 / 30, std::make_pair(320u, 180u)}, std::string("--profile ") + profile);
  }
}

TEST_F(Package, JsonSummary) {
  auto r = run_package("--test-source 1 --test-source-size 320x180 --json -o " +
                       shell_quote(out("json").string()) + " 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"representations\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"psnr_db\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"encoder_threads\""), std::string::npos) << r.output;
}

TEST_F(Package, CopyAlignedRenditions) {
  for (const char* profile : {"live", "ondemand"}) {
    SCOPED_TRACE(profile);
    package_and_check(std::string("copy-") + profile, "--copy " + in("copy-hi.mp4") + " " + in("copy-lo.mp4"),
                      {2, true, 2, 120, 1.0 / 30, std::make_pair(640u, 360u), false},
                      std::string("--profile ") + profile);
  }
}

TEST_F(Package, CopyRejectsMisalignedKeyFrames) {
  auto r = run_package("--copy " + in("copy-hi.mp4") + " " + in("copy-off.mp4") + " --segment-duration 2 -o " +
                       shell_quote(out("copy-off").string()));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("key frames do not align"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out("copy-off") / "manifest.mpd"));
}

}  // namespace
}  // namespace packager_test
