// dash-package --hls: RFC 8216 playlists over the same segments as the MPD,
// checked by the playlist validator and opened by FFmpeg's HLS demuxer; and
// the validator itself catches broken playlists.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "hls_validator.h"
#include "media/file_io.h"
#include "presentation_check.h"
#include "support/process.h"

namespace packager_test {
namespace {

using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

class Hls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("hls");
    std::ofstream(*dir_ / "fr.srt") << "1\n00:00:00,500 --> 00:00:02,500\nÇa commence\n\n"
                                       "2\n00:00:03,000 --> 00:00:04,000\nÇa finit\n";
    auto r = run_command(
        "ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=320x180:r=30:d=4 -f lavfi -i sine=f=440:r=48000:d=4 "
        "-f lavfi -i sine=f=660:r=48000:d=4 -map 0 -map 1 -map 2 -c:v libx264 -preset ultrafast -c:a aac "
        "-metadata:s:a:0 language=eng -metadata:s:a:1 language=fre " +
        shell_quote((*dir_ / "two-languages.mkv").string()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::filesystem::path out(const std::string& name) { return *dir_ / ("out-" + name); }
  static RunResult package(const std::string& name, const std::string& args) {
    return run_package(shell_quote((*dir_ / "two-languages.mkv").string()) + " --subtitles " +
                       shell_quote((*dir_ / "fr.srt").string()) + " " + args + " -o " + shell_quote(out(name).string()) +
                       " --segment-duration 2 --preset ultrafast --ladder 320x180@300k,160x90@120k --quiet");
  }
  static std::set<std::string> media_files(const std::filesystem::path& dir) {
    std::set<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".m4s" || e.path().extension() == ".mp4") out.insert(e.path().filename().string());
    return out;
  }

  static ScratchDir* dir_;
};

ScratchDir* Hls::dir_ = nullptr;

TEST_F(Hls, LiveProfilePlaylistsOverTheDashSegments) {
  ASSERT_EQ(package("live", "--hls").exit_code, 0);
  Expected e{2, true, 2, 120, 1.0 / 30, std::make_pair(320u, 180u)};
  e.audio_tracks = 2;
  check_presentation(out("live"), e);  // the MPD is as valid as without --hls
  const auto master = out("live") / "master.m3u8";
  EXPECT_EQ(joined(validate_hls(master)), "");
  auto text = media::read_file(master);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio-mp4a.40.2-2ch\",LANGUAGE=\"fr\""), std::string::npos) << *text;
  EXPECT_NE(text->find("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",LANGUAGE=\"fr\""), std::string::npos) << *text;
  EXPECT_NE(text->find("RESOLUTION=320x180,FRAME-RATE=30.000"), std::string::npos) << *text;
  // The same media segments as without --hls: nothing written twice.
  ASSERT_EQ(package("no-hls", "").exit_code, 0);
  EXPECT_EQ(media_files(out("live")), media_files(out("no-hls")));
  // FFmpeg's HLS demuxer opens it and finds both renditions' audio and every video variant.
  auto probe = run_command("ffprobe -v error -show_entries stream=codec_type -of csv=p=0 " + shell_quote(master.string()));
  EXPECT_EQ(probe.exit_code, 0) << probe.output;
  EXPECT_NE(probe.output.find("video"), std::string::npos) << probe.output;
  EXPECT_NE(probe.output.find("audio"), std::string::npos) << probe.output;
}

TEST_F(Hls, OnDemandProfileUsesByteRanges) {
  ASSERT_EQ(package("ondemand", "--hls --profile ondemand").exit_code, 0);
  EXPECT_EQ(joined(validate_hls(out("ondemand") / "master.m3u8")), "");
  auto v0 = media::read_file(out("ondemand") / "v0.m3u8");
  ASSERT_TRUE(v0.ok());
  EXPECT_NE(v0->find("#EXT-X-MAP:URI=\"v0.mp4\",BYTERANGE=\""), std::string::npos) << *v0;
  EXPECT_NE(v0->find("#EXT-X-BYTERANGE:"), std::string::npos) << *v0;
  // FFmpeg decodes the top variant's 120 frames through the byte ranges.
  auto frames = run_command("ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames "
                            "-of csv=p=0 " + shell_quote((out("ondemand") / "v1.m3u8").string()));
  EXPECT_EQ(frames.output.substr(0, 4), "120\n") << frames.output;
}

void write(const std::filesystem::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

TEST(HlsValidator, FindsBrokenPlaylists) {
  ScratchDir dir("hls-validator");
  write(dir / "init.mp4", std::string(100, 'i'));
  write(dir / "seg-1.m4s", std::string(1000, 's'));
  write(dir / "one.mp4", std::string(500, 'x'));
  write(dir / "master.m3u8",
        "#EXTM3U\n#EXT-X-VERSION:7\n"
        "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"A\",DEFAULT=YES,URI=\"missing.m3u8\"\n"
        "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"A\",DEFAULT=YES\n"
        "#EXT-X-STREAM-INF:BANDWIDTH=100,CODECS=\"avc1.42c00d\",AUDIO=\"b\"\nv.m3u8\n"
        "#EXT-X-STREAM-INF:BANDWIDTH=100\nr.m3u8\n");
  write(dir / "v.m3u8",
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.6,\nseg-0.m4s\n#EXT-X-MAP:URI=\"init.mp4\"\n"
        "#EXTINF:2.0,\nseg-1.m4s\n");
  write(dir / "r.m3u8",
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI=\"one.mp4\",BYTERANGE=\"100@0\"\n"
        "#EXTINF:2.0,\n#EXT-X-BYTERANGE:300@100\none.mp4\n#EXTINF:2.0,\n#EXT-X-BYTERANGE:200\none.mp4\n#EXT-X-ENDLIST\n");
  const std::string problems = joined(validate_hls(dir / "master.m3u8"));
  for (const char* expected :
       {"master.m3u8 line 3: URI 'missing.m3u8' does not exist", "NAME 'A' twice in AUDIO:a",
        "a second DEFAULT=YES in AUDIO:a", "AUDIO group 'b' is not defined above",
        "v.m3u8 line 4: EXTINF 2.6, is longer than EXT-X-TARGETDURATION 2", "v.m3u8 line 5: URI 'seg-0.m4s' does not exist",
        "v.m3u8 line 5: fMP4 segment before EXT-X-MAP", "no EXT-X-ENDLIST", "BANDWIDTH 100 is below the measured peak",
        "EXT-X-STREAM-INF without BANDWIDTH or CODECS", "byte range 200 outside 'one.mp4' (500 bytes)"})
    EXPECT_NE(problems.find(expected), std::string::npos) << "missing: " << expected << "\nfound:\n" << problems;
}

}  // namespace
}  // namespace packager_test
