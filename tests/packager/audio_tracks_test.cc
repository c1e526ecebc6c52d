// dash-package with several audio streams: one AdaptationSet per stream with
// its language and role, surround downmixed or kept, --audio selection and
// overrides, and audio that starts before or after the video staying in sync.
#include <gtest/gtest.h>

#include <cmath>

#include "media/mpd/reader.h"
#include "clip_fixture.h"
#include "presentation_check.h"
#include "support/process.h"

namespace packager_test {
namespace {

using testing_support::run_command;
using testing_support::shell_quote;

constexpr int kSampleRate = 48000;
constexpr double kBurstPeriodS = 1.0;   // a 1 kHz burst at the start of every second of the input audio
constexpr double kOffsetS = 0.5;        // how late one stream starts
constexpr double kSyncToleranceS = 0.005;

class AudioTracks : public ClipFixture<AudioTracks> {
 public:
  static constexpr const char* kScratchName = "audio-tracks";
  static std::string clip_args(const std::string& name) {
    const std::string video = "-f lavfi -i testsrc2=s=320x180:r=30:d=4 ";
    // English (default), French 5.1, English commentary.
    if (name == "multi.mkv")
      return video + "-f lavfi -i sine=f=440:r=48000:d=4 -f lavfi -i sine=f=660:r=44100:d=4 "
                     "-f lavfi -i sine=f=880:r=48000:d=4 -map 0 -map 1 -map 2 -map 3 "
                     "-c:v libx264 -preset ultrafast -c:a aac "
                     "-filter:a:1 'pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0' "
                     "-metadata:s:a:0 language=eng -metadata:s:a:1 language=fre -metadata:s:a:2 language=eng "
                     "-disposition:a:0 default -disposition:a:2 comment";
    // Bursts at whole seconds of the audio's own time; one input delays the
    // audio, the other the video, by kOffsetS.
    const std::string bursts = "-f lavfi -i 'aevalsrc=if(lt(mod(t\\,1)\\,0.1)\\,0.8*sin(2*PI*1000*t)\\,0):s=48000:d=4' ";
    if (name == "late-audio.mkv") return video + "-itsoffset 0.5 " + bursts + "-c:v libx264 -preset ultrafast -c:a aac";
    if (name == "late-video.mkv") return "-itsoffset 0.5 " + video + bursts + "-c:v libx264 -preset ultrafast -c:a aac";
    return {};
  }
  static media::Mpd mpd(const std::string& name) {
    auto m = media::read_mpd_file(out(name) / "manifest.mpd");
    EXPECT_TRUE(m.ok()) << m.error();
    return m.ok() ? *m : media::Mpd{};
  }
};

struct AudioSet {
  std::string lang;
  std::string role;
  std::string channels;
};

std::vector<AudioSet> audio_sets(const media::Mpd& mpd) {
  std::vector<AudioSet> out;
  for (const auto& set : mpd.periods.at(0).adaptation_sets) {
    if (set.content_type != "audio") continue;
    AudioSet a;
    a.lang = set.lang.value_or("");
    a.role = set.roles.empty() ? "" : set.roles[0].value.value_or("");
    const auto& config = set.representations.at(0).common.audio_channel_configuration;
    a.channels = config.empty() ? "" : config[0].value.value_or("");
    out.push_back(a);
  }
  return out;
}

TEST_F(AudioTracks, EveryStreamWithItsLanguageAndRole) {
  auto r = package("multi", in("multi.mkv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Expected e{1, true, 2, 120, 1.0 / 30, std::make_pair(320u, 180u)};
  e.audio_tracks = 3;
  check_presentation(out("multi"), e);
  auto sets = audio_sets(mpd("multi"));
  ASSERT_EQ(sets.size(), 3u);
  EXPECT_EQ(sets[0].lang, "en");
  EXPECT_EQ(sets[0].role, "main");
  EXPECT_EQ(sets[1].lang, "fr");
  EXPECT_EQ(sets[1].role, "main");
  EXPECT_EQ(sets[1].channels, "2") << "5.1 is downmixed by default";
  EXPECT_EQ(sets[2].lang, "en");
  EXPECT_EQ(sets[2].role, "commentary");
  // The init segment carries the language too (mdhd, ISO 639-2/T).
  auto probe = run_command("ffprobe -v error -show_entries stream_tags=language -of csv=p=0 " +
                           shell_quote((out("multi") / "a1-init.mp4").string()));
  EXPECT_EQ(probe.output, "fra\n");
}

TEST_F(AudioTracks, KeepSurroundAndSelection) {
  auto r = package("surround", in("multi.mkv") + " --audio 1 --keep-surround");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  check_presentation(out("surround"), {1, true, 2, 120, 1.0 / 30, std::nullopt});
  auto sets = audio_sets(mpd("surround"));
  ASSERT_EQ(sets.size(), 1u);
  EXPECT_EQ(sets[0].lang, "fr");
  EXPECT_EQ(sets[0].channels, "6");
  auto probe = run_command("ffprobe -v error -show_entries stream=channels -of csv=p=0 " +
                           shell_quote((out("surround") / "a0-init.mp4").string()));
  EXPECT_EQ(probe.output, "6\n");
}

TEST_F(AudioTracks, LanguageAndRoleOverrides) {
  auto r = package("overrides", in("multi.mkv") + " --audio 0,2 --audio-lang 0=de --audio-role 2=description");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto m = mpd("overrides");
  auto sets = audio_sets(m);
  ASSERT_EQ(sets.size(), 2u);
  EXPECT_EQ(sets[0].lang, "de");
  EXPECT_EQ(sets[0].role, "main");
  EXPECT_EQ(sets[1].lang, "en");
  EXPECT_EQ(sets[1].role, "description");
  const auto& description = m.periods.at(0).adaptation_sets.back();
  ASSERT_EQ(description.accessibility.size(), 1u);
  EXPECT_EQ(description.accessibility[0].scheme_id_uri, "urn:tva:metadata:cs:AudioPurposeCS:2007");
}

TEST_F(AudioTracks, UnknownStreamNumberIsOneClearError) {
  auto r = package("bad-number", in("multi.mkv") + " --audio 5");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("--audio 5: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("has 3 audio stream(s) (0-2)"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out("bad-number") / "manifest.mpd"));
}

// Seconds where the packaged audio first rises above half the burst level.
double first_burst_s(const std::filesystem::path& dir) {
  auto pcm = run_command("ffmpeg -nostdin -v error -i " + shell_quote((dir / "manifest.mpd").string()) +
                         " -map 0:a:0 -ac 1 -ar 48000 -f s16le - 2>/dev/null");
  const auto* samples = reinterpret_cast<const int16_t*>(pcm.output.data());
  const size_t n = pcm.output.size() / 2;
  for (size_t i = 0; i < n; ++i)
    if (std::abs(samples[i]) > 0.4 * 32767) return double(i) / kSampleRate;
  return -1;
}

TEST_F(AudioTracks, AudioStartingLateStaysInSync) {
  auto r = package("late-audio", in("late-audio.mkv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  check_presentation(out("late-audio"), {1, true, 2, 120, 1.0 / 30, std::nullopt});
  // The first burst is at 0 s of the audio, which starts 0.5 s into the video.
  EXPECT_NEAR(first_burst_s(out("late-audio")), kOffsetS, kSyncToleranceS);
}

TEST_F(AudioTracks, AudioStartingEarlyStaysInSync) {
  auto r = package("late-video", in("late-video.mkv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // The presentation starts with the video: the burst at 0 s of the audio is
  // cut off, the one at 1 s lands 0.5 s into the presentation.
  EXPECT_NEAR(first_burst_s(out("late-video")), kBurstPeriodS - kOffsetS, kSyncToleranceS);
}

}  // namespace
}  // namespace packager_test
