// CMCD end to end: the real dash-player with --cmcd query and --cmcd header
// against the real dash-origin, whose access log shows the keys it parsed
// on every request (the MPD as ot=m, segments as ot=v / ot=a with their
// bitrates and the session ID).
#include <gtest/gtest.h>

#include <sstream>

#include "support/origin_process.h"
#include "support/process.h"
#include "tests/player/generated_content.h"
#include "tests/player/player_run.h"

namespace {

using testing_support::OriginProcess;
using testing_support::ScratchDir;

std::vector<std::string> lines_with(const std::string& text, const std::string& part) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.find(part) != std::string::npos) out.push_back(line);
  return out;
}

class CmcdOrigin : public ::testing::TestWithParam<const char*> {};

TEST_P(CmcdOrigin, TheOriginLogsWhatThePlayerSaid) {
  ScratchDir dir(std::string("cmcd-origin-") + GetParam());
  std::string error;
  ASSERT_TRUE(player_test::make_basic_dash(dir / "root" / "show", 4, error)) << error;
  OriginProcess origin(dir / "root", dir.path());
  ASSERT_TRUE(origin.ok()) << origin.error();
  const std::string sid = std::string("cmcd-") + GetParam();
  auto run = player_test::run_player(origin.base_url() + "/show/manifest.mpd",
                                     std::string("--no-decode --fast --cmcd ") + GetParam() + " --session-id " + sid,
                                     dir / "log.jsonl");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  origin.stop();
  const std::string log = origin.access_log();
  const auto mpd = lines_with(log, "manifest.mpd");
  ASSERT_FALSE(mpd.empty()) << log;
  EXPECT_NE(mpd[0].find("ot=m"), std::string::npos) << mpd[0];
  EXPECT_NE(mpd[0].find("su"), std::string::npos) << mpd[0];
  const auto segments = lines_with(log, ".m4s");
  ASSERT_FALSE(segments.empty()) << log;
  size_t video = 0, audio = 0;
  for (const auto& line : segments) {
    EXPECT_NE(line.find("sid=\"" + sid + "\""), std::string::npos) << line;
    EXPECT_NE(line.find("br="), std::string::npos) << line;
    EXPECT_EQ(line.find("cmcd=invalid"), std::string::npos) << line;
    video += line.find("ot=v") != std::string::npos;
    audio += line.find("ot=a") != std::string::npos;
  }
  EXPECT_EQ(video, run.segments_of("video").size()) << log;
  EXPECT_EQ(audio, run.segments_of("audio").size()) << log;
}

INSTANTIATE_TEST_SUITE_P(Forms, CmcdOrigin, ::testing::Values("query", "header"));

}  // namespace
