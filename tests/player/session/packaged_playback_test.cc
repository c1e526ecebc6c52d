// dash-player plays what dash-package makes: the audio language asked for
// with --lang out of an input with two audio streams, the video codec asked
// for with --codec out of H.264 and HEVC ladders, and Common Encryption
// (cenc) with --key, refused with one error line without it. Runs both real
// binaries on small clips (320x180, 2 s) made by the test.
#include <gtest/gtest.h>

#include <fstream>

#include "media/mpd/reader.h"
#include "tests/player/player_run.h"

namespace player {
namespace {

using player_test::run_player;
using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

// A test key pair; not a secret, and so it must still never show up in output.
constexpr const char* kKid = "0123456789abcdef0123456789abcdef";
constexpr const char* kKey = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
constexpr const char* kOtherKey = "00112233445566778899aabbccddeeff";
// dash-package's --test-source 2: 2 s at 30 fps. Encrypted, every frame
// decodes only when decryption is right (a wrong key garbles most of them).
constexpr int kTestSourceFrames = 60;

std::string package_binary() { return (testing_support::binary_dir() / "packager/dash-package").string(); }

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

size_t lines_of(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += c == '\n';
  return n + (!text.empty() && text.back() != '\n');
}

// The AdaptationSet@lang of representation `id` in the MPD.
std::string lang_of(const std::filesystem::path& mpd_path, const std::string& id) {
  auto mpd = media::parse_mpd(slurp(mpd_path));
  if (!mpd.ok()) return "unreadable MPD";
  for (const auto& set : mpd->periods[0].adaptation_sets)
    for (const auto& rep : set.representations)
      if (rep.id == id) return set.lang.value_or("");
  return "no such representation";
}

TEST(PackagedPlayback, LangPlaysTheAudioTrackOfThatLanguage) {
  ScratchDir dir("packaged-langs");
  auto made = run_command(
      "ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x180:rate=25:duration=2"
      " -f lavfi -i sine=frequency=440:sample_rate=48000:duration=2 -f lavfi -i sine=frequency=660:sample_rate=48000:duration=2"
      " -map 0:v -map 1:a -map 2:a -c:v libx264 -preset ultrafast -c:a aac -metadata:s:a:0 language=eng"
      " -metadata:s:a:1 language=fra " + shell_quote((dir / "in.mp4").string()));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  auto packaged = run_command(shell_quote(package_binary()) + " -q " + shell_quote((dir / "in.mp4").string()) +
                              " -o " + shell_quote((dir / "out").string()) + " --ladder 320x180@300k --segment-duration 1");
  ASSERT_EQ(packaged.exit_code, 0) << packaged.output;
  const auto mpd = dir / "out" / "manifest.mpd";
  for (const char* lang : {"fr", "en"}) {
    auto run = run_player(mpd.string(), std::string("--fast --lang ") + lang, dir / (std::string(lang) + ".jsonl"));
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const auto audio = run.segments_of("audio");
    ASSERT_FALSE(audio.empty()) << run.output;
    for (const auto& s : audio) EXPECT_EQ(lang_of(mpd, s["representation"]), lang) << s.dump();
  }
}

// The codec family of the AdaptationSet that holds representation `id`.
std::string codecs_of(const std::filesystem::path& mpd_path, const std::string& id) {
  auto mpd = media::parse_mpd(slurp(mpd_path));
  if (!mpd.ok()) return "unreadable MPD";
  for (const auto& set : mpd->periods[0].adaptation_sets)
    for (const auto& rep : set.representations)
      if (rep.id == id) return rep.common.codecs.value_or(set.common.codecs.value_or("")).substr(0, 4);
  return "no such representation";
}

// H.264 and HEVC ladders of one source: --codec forces either (every frame
// decodes); without it the decode probe times both and plays one.
TEST(PackagedPlayback, CodecChoosesAmongLaddersAndTheProbeRanksThem) {
  ScratchDir dir("packaged-codecs");
  auto packaged = run_command(shell_quote(package_binary()) + " -q --test-source 2 --test-source-size 320x180 -o " +
                              shell_quote((dir / "out").string()) + " --segment-duration 1 --codec h264,hevc");
  ASSERT_EQ(packaged.exit_code, 0) << packaged.output;
  const auto mpd = dir / "out" / "manifest.mpd";
  for (auto [codec, fourcc] : {std::pair{"h264", "avc1"}, std::pair{"hevc", "hvc1"}}) {
    auto run = run_player(mpd.string(), std::string("--fast --codec ") + codec, dir / (std::string(codec) + ".jsonl"));
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(run.summary.value("video_frames", 0), kTestSourceFrames) << codec;
    const auto video = run.segments_of("video");
    ASSERT_FALSE(video.empty());
    for (const auto& s : video) EXPECT_EQ(codecs_of(mpd, s["representation"]), fourcc) << s.dump();
  }
  auto info = run_command(shell_quote(player_test::player_binary().string()) + " --info " + shell_quote(mpd.string()));
  ASSERT_EQ(info.exit_code, 0) << info.output;
  EXPECT_NE(info.output.find("decode probe: h264"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("decode probe: hevc"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("(playing)"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("(not played: another codec is chosen)"), std::string::npos) << info.output;
}

// The other codecs people stream: AV1 as dash-package writes it, VP9 and
// 10-bit HEVC as FFmpeg's DASH muxer writes them. Every frame decodes.
TEST(PackagedPlayback, Av1Vp9AndTenBitHevcDecodeEveryFrame) {
  ScratchDir dir("packaged-other-codecs");
  auto av1 = run_command(shell_quote(package_binary()) + " -q --test-source 2 --test-source-size 320x180 -o " +
                         shell_quote((dir / "av1").string()) + " --segment-duration 1 --codec av1");
  ASSERT_EQ(av1.exit_code, 0) << av1.output;
  const std::string source = "ffmpeg -nostdin -v error -f lavfi -i testsrc2=s=320x180:r=30:d=2 ";
  const std::string dash = " -f dash -seg_duration 1 -dash_segment_type mp4 ";
  std::filesystem::create_directories(dir / "vp9");  // FFmpeg's DASH muxer does not make it
  std::filesystem::create_directories(dir / "hevc10");
  auto vp9 = run_command(source + "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -g 30 -keyint_min 30 -b:v 300k" +
                         dash + shell_quote((dir / "vp9/manifest.mpd").string()));
  ASSERT_EQ(vp9.exit_code, 0) << vp9.output;
  auto hevc10 = run_command(source + "-pix_fmt yuv420p10le -c:v libx265 -preset ultrafast -tag:v hvc1 "
                                     "-x265-params keyint=30:min-keyint=30:scenecut=0:log-level=error" +
                            dash + shell_quote((dir / "hevc10/manifest.mpd").string()));
  ASSERT_EQ(hevc10.exit_code, 0) << hevc10.output;
  for (const auto& [name, fourcc] : {std::pair{"av1", "av01"}, std::pair{"vp9", "vp09"}, std::pair{"hevc10", "hvc1"}}) {
    const auto mpd = dir / name / "manifest.mpd";
    auto run = run_player(mpd.string(), "--fast", dir / (std::string(name) + ".jsonl"));
    ASSERT_EQ(run.exit_code, 0) << name << ": " << run.output;
    EXPECT_EQ(run.summary.value("video_frames", 0), kTestSourceFrames) << name;
    EXPECT_EQ(run.summary.value("frames_dropped", -1), 0) << name;
    const auto video = run.segments_of("video");
    ASSERT_EQ(video.size(), 2u) << name;
    EXPECT_EQ(codecs_of(mpd, video.front()["representation"]), fourcc) << name;
  }
}

class EncryptedPlayback : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("packaged-cenc");
    auto r = run_command(shell_quote(package_binary()) + " -q --test-source 2 --test-source-size 320x180 -o " +
                         shell_quote((*dir_ / "out").string()) + " --segment-duration 1 --encrypt cenc --key-id " +
                         kKid + " --key " + kKey);
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string mpd() { return (*dir_ / "out" / "manifest.mpd").string(); }
  static ScratchDir* dir_;
};

ScratchDir* EncryptedPlayback::dir_ = nullptr;

TEST_F(EncryptedPlayback, PlaysWithItsKeyAndTheKeyIsNeverWritten) {
  const auto log = *dir_ / "with-key.jsonl";
  auto run = run_player(mpd(), std::string("--fast --key ") + kKid + ":" + kKey, log);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.summary.value("video_frames", 0), kTestSourceFrames) << run.summary.dump();
  EXPECT_EQ(run.summary.value("skipped_segments", 1), 0) << run.summary.dump();
  EXPECT_FALSE(run.segments_of("audio").empty());
  EXPECT_EQ(run.output.find(kKey), std::string::npos) << run.output;
  EXPECT_EQ(slurp(log).find(kKey), std::string::npos);
}

TEST_F(EncryptedPlayback, WithoutAKeyItIsRefusedWithOneLine) {
  auto run = run_player(mpd(), "--fast", *dir_ / "no-key.jsonl");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_EQ(lines_of(run.output), 1u) << run.output;
  EXPECT_NE(run.output.find("encrypted"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("--key KID:KEY"), std::string::npos) << run.output;
}

TEST_F(EncryptedPlayback, KeysForOtherKidsAreRefusedWithOneLine) {
  const std::string other_kid = "ffffffffffffffffffffffffffffffff";
  auto run = run_player(mpd(), "--fast --key " + other_kid + ":" + kKey + " --key " + std::string(kOtherKey) + ":" + kKey,
                        *dir_ / "other.jsonl");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_EQ(lines_of(run.output), 1u) << run.output;
  EXPECT_NE(run.output.find("no --key KID:KEY has that KID"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find(kKey), std::string::npos) << run.output;
}

// Common Encryption has no key check value: a wrong key for the right KID
// decrypts to noise. The player must say so, not play garbage.
TEST_F(EncryptedPlayback, AWrongKeyForItsKidStopsWithOneErrorInsteadOfGarbage) {
  std::string wrong_key = kKey;
  wrong_key.back() = wrong_key.back() == '0' ? '1' : '0';
  auto run = run_player(mpd(), std::string("--fast --key ") + kKid + ":" + wrong_key, *dir_ / "wrong.jsonl");
  EXPECT_NE(run.exit_code, 0) << run.output;
  const std::string error = "does not decrypt this stream";
  const size_t at = run.output.find(error);
  ASSERT_NE(at, std::string::npos) << run.output;
  EXPECT_EQ(run.output.find(error, at + 1), std::string::npos) << "one error line: " << run.output;
  EXPECT_NE(run.output.find(kKid), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find(wrong_key), std::string::npos) << run.output;
}

TEST_F(EncryptedPlayback, AMalformedKeyIsOneLineThatDoesNotRepeatIt) {
  auto run = run_player(mpd(), std::string("--fast --key ") + kKid + ":" + std::string(kKey).substr(2) + "zz",
                        *dir_ / "bad.jsonl");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_EQ(lines_of(run.output), 1u) << run.output;
  EXPECT_EQ(run.output.find(std::string(kKey).substr(2)), std::string::npos) << run.output;
}

}  // namespace
}  // namespace player
