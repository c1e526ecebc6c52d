// The player drives every algorithm of the registry through the session's
// RateChooser (player/session/abr_adapter.cc) on a small presentation made by
// the FFmpeg CLI: each name plays to the end, names itself, and the session's
// QoE comes from the library's definitions.
#include <gtest/gtest.h>

#include "player/abr/registry.h"
#include "player/session/rate_chooser.h"
#include "player/session/session.h"
#include "support/process.h"

namespace player {
namespace {

using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

class EveryAlgorithm : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("abr-playback");
    auto r = run_command(
        "ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x180:rate=25:duration=6 "
        "-map 0:v -map 0:v -map 0:v -c:v libx264 -preset ultrafast -g 25 -keyint_min 25 -sc_threshold 0 "
        "-s:v:0 160x90 -b:v:0 100k -s:v:1 320x180 -b:v:1 300k -s:v:2 320x180 -b:v:2 600k "
        "-adaptation_sets 'id=0,streams=v' -f dash -seg_duration 2 -use_template 1 -use_timeline 0 " +
        shell_quote((*dir_ / "manifest.mpd").string()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static ScratchDir* dir_;
};

ScratchDir* EveryAlgorithm::dir_ = nullptr;

TEST_F(EveryAlgorithm, PlaysToTheEnd) {
  const auto names = rate_chooser_names();
  ASSERT_EQ(names.size(), abr::algorithm_names().size());
  for (const auto& name : names) {
    SessionOptions o;
    o.url = (*dir_ / "manifest.mpd").string();
    o.fast = true;
    o.decode = false;
    o.abr = name;
    Session session(o);
    auto summary = session.run();
    ASSERT_TRUE(summary.ok()) << name << ": " << summary.error();
    EXPECT_EQ(summary->video_segments, 3u) << name;
    EXPECT_EQ(summary->skipped_segments, 0u) << name;
    const std::string expected = name == "default" ? std::string(abr::default_algorithm_name()) : name;
    EXPECT_EQ(summary->abr, expected);
  }
}

TEST(RateChooser, UnknownNameIsAnError) {
  auto c = make_rate_chooser("no-such-abr");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("no-such-abr"), std::string::npos);
}

TEST(RateChooser, MapsTheSessionsViewOntoTheLibrary) {
  auto c = make_rate_chooser("rb");
  ASSERT_TRUE(c.ok());
  ChoiceInput in;
  in.bitrates_bps = {300e3, 750e3, 1200e3};
  in.segment_count = 10;
  in.segment_duration_s = 4;
  in.buffer_s = 8;
  in.playing = true;
  EXPECT_EQ((*c)->choose(in).rung, 0u);  // RB: no sample yet
  // 1 MB in 1 s of transfer after 0.5 s to first byte: RB times the whole request, 1.5 s.
  (*c)->observe({0, 1e6, 0.5, 1.5, 8, false, true});
  EXPECT_NEAR((*c)->estimate_bps(), 8e6 / 1.5, 1);
  // Tiny responses do not teach the estimator.
  (*c)->observe({0, 100, 0.5, 0.6, 8, false, false});
  EXPECT_NEAR((*c)->estimate_bps(), 8e6 / 1.5, 1);
  const Choice choice = (*c)->choose(in);
  EXPECT_EQ(choice.rung, 2u);
  EXPECT_FALSE(choice.reason.empty());
  EXPECT_NEAR(choice.estimate_bps, 8e6 / 1.5, 1);
}

}  // namespace
}  // namespace player
