// The real dash-player (headless) against the real dash-origin on loopback,
// with content made by the FFmpeg CLI: plays every addressing form to the end
// with every frame; fails over to a second origin that stays up; survives an
// origin restart, 503s and dropped connections; and rejects bad input with
// one clear error and a non-zero exit. These run in real time because the
// real HTTP path is the point; adaptation, abandonment, stalls and retry
// logic are tested in virtual time (session_test.cc).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <future>
#include <thread>

#include "support/origin_process.h"
#include "support/process.h"

namespace {

using nlohmann::json;
using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::OriginProcess;
using testing_support::shell_quote;

constexpr int kFps = 25;
constexpr int kSeconds = 8;
constexpr double kSegmentS = 2;

class OriginPlayback : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("origin-playback");
    std::string error;
    content_ = testing_support::cached_fixture("origin-playback-v2", &make_content, error);
    ASSERT_FALSE(content_.empty()) << error;
    std::filesystem::create_directories(*dir_ / "root");
    for (const char* form : {"template", "timeline", "single"})
      std::filesystem::copy(content_ / form, *dir_ / "root" / form, std::filesystem::copy_options::recursive);
  }

  // Three video rungs and audio, key frames every segment, in three forms.
  static bool make_content(const std::filesystem::path& out, std::string& error) {
    const std::string common =
        "ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=1280x720:rate=25:duration=" + std::to_string(kSeconds) +
        " -f lavfi -i sine=frequency=440:sample_rate=48000:duration=" + std::to_string(kSeconds) +
        " -map 0:v -map 0:v -map 0:v -map 1:a -c:v libx264 -preset ultrafast -g 50 -keyint_min 50 -sc_threshold 0 "
        "-s:v:0 320x180 -b:v:0 250k -maxrate:v:0 300k -bufsize:v:0 300k "
        "-s:v:1 640x360 -b:v:1 700k -maxrate:v:1 800k -bufsize:v:1 800k "
        "-s:v:2 1280x720 -b:v:2 2000k -maxrate:v:2 2200k -bufsize:v:2 2200k -c:a aac -b:a 64k "
        "-adaptation_sets 'id=0,streams=v id=1,streams=a' -f dash -seg_duration 2 ";
    for (auto [name, flags] : {std::pair{"template", "-use_template 1 -use_timeline 0"},
                               std::pair{"timeline", "-use_template 1 -use_timeline 1"},
                               std::pair{"single", "-single_file 1 -use_template 0 -use_timeline 0"}}) {
      std::filesystem::create_directories(out / name);
      auto r = run_command(common + flags + " " + shell_quote((out / name / "manifest.mpd").string()));
      if (r.exit_code != 0) {
        error = r.output;
        return false;
      }
    }
    return true;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // A scoped dash-origin serving the test's root; its URL goes in urls_[name].
  std::unique_ptr<OriginProcess> origin(const std::string& name, std::vector<std::string> extra = {}) {
    extra.insert(extra.end(), {"--access-log", "off"});
    auto p = std::make_unique<OriginProcess>(*dir_ / "root", dir_->path(), std::move(extra), name);
    EXPECT_TRUE(p->ok()) << p->error();
    urls_[name] = p->base_url();
    return p;
  }

  struct Played {
    int exit_code = -1;
    std::string output;
    json summary;
    std::vector<json> segments;  // video segment records, in order
    std::vector<json> events;
  };

  Played play(const std::string& url, const std::string& args) {
    const std::string log = (*dir_ / ("log-" + std::to_string(++runs_) + ".jsonl")).string();
    Played p;
    auto r = run_command(shell_quote((testing_support::binary_dir() / "player/dash-player").string()) +
                         " --headless --json --log " + shell_quote(log) + " " + args + " " + shell_quote(url));
    p.exit_code = r.exit_code;
    p.output = r.output;
    std::ifstream in(log);
    std::string line;
    while (std::getline(in, line)) {
      json j = json::parse(line, nullptr, false);
      if (j.is_discarded()) continue;
      if (j["type"] == "summary") p.summary = j;
      else if (j["type"] == "segment" && j["stream"] == "video") p.segments.push_back(j);
      else if (j["type"] == "event") p.events.push_back(j);
    }
    return p;
  }

  static ScratchDir* dir_;
  static std::filesystem::path content_;
  std::map<std::string, std::string> urls_;
  int runs_ = 0;
};

ScratchDir* OriginPlayback::dir_ = nullptr;
std::filesystem::path OriginPlayback::content_;

TEST_F(OriginPlayback, PlaysEveryFormToTheEndWithEveryFrame) {
  auto o = origin("origin");
  for (const char* form : {"template", "timeline", "single"}) {
    Played p = play(urls_["origin"] + "/" + form + "/manifest.mpd", "--fast");
    ASSERT_EQ(p.exit_code, 0) << form << "\n" << p.output;
    EXPECT_EQ(p.summary["video_frames"], kFps * kSeconds) << form;
    EXPECT_EQ(p.summary["skipped_segments"], 0) << form;
    EXPECT_EQ(p.segments.size(), static_cast<size_t>(kSeconds / kSegmentS)) << form;
  }
}

TEST_F(OriginPlayback, FailsOverToTheSecondOriginWhenTheFirstDies) {
  auto first = origin("first");
  auto second = origin("second");
  // The first origin serves the MPD; the second is an extra BaseURL. Both are
  // paced so that playback is still running when the first one dies.
  std::thread killer([&] {
    std::this_thread::sleep_for(std::chrono::seconds(2));
    first->stop(SIGKILL);
  });
  Played p = play(urls_["first"] + "/template/manifest.mpd",
                  "--no-decode --max-buffer 4 --base-url " + urls_["second"] + "/template/");
  killer.join();
  ASSERT_EQ(p.exit_code, 0) << p.output;
  EXPECT_EQ(p.summary["skipped_segments"], 0) << p.output;
  EXPECT_EQ(p.segments.size(), static_cast<size_t>(kSeconds / kSegmentS));
  EXPECT_GE(p.summary["failovers"].get<int>(), 1);
  EXPECT_NEAR(p.summary["played_s"].get<double>(), kSeconds, 0.1);
}

TEST_F(OriginPlayback, SurvivesAnOriginRestartMidStream) {
  auto o = origin("restarting");
  const std::string port = std::to_string(testing_support::port_of(urls_["restarting"]));
  const std::string url = urls_["restarting"] + "/template/manifest.mpd";
  // The origin is restarted on the test's thread (a server started by a
  // thread dies with it), while the player runs on another.
  auto playing = std::async(std::launch::async, [&] { return play(url, "--no-decode --max-buffer 4"); });
  std::this_thread::sleep_for(std::chrono::seconds(3));
  o->stop(SIGKILL);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  o = origin("restarting", {"--port", port});
  Played p = playing.get();
  ASSERT_EQ(p.exit_code, 0) << p.output;
  EXPECT_EQ(p.summary["skipped_segments"], 0) << p.output;
  EXPECT_GE(p.summary["retries"].get<int>(), 1);
  EXPECT_NEAR(p.summary["played_s"].get<double>(), kSeconds, 0.1);
}

TEST_F(OriginPlayback, SurvivesFailuresAndDroppedConnections) {
  auto o = origin("faulty", {"--fail-rate", "0.05", "--drop-rate", "0.02", "--seed", "3"});
  Played p = play(urls_["faulty"] + "/template/manifest.mpd", "--fast");
  ASSERT_EQ(p.exit_code, 0) << p.output;
  EXPECT_EQ(p.summary["video_frames"], kFps * kSeconds);
  EXPECT_NEAR(p.summary["played_s"].get<double>(), kSeconds, 0.1);
}

TEST_F(OriginPlayback, BadInputGivesOneErrorLineAndNonZeroExit) {
  auto o = origin("errors");
  std::ofstream(*dir_ / "root/broken.mpd") << "<MPD profiles='p'";
  std::ofstream(*dir_ / "root/nostream.mpd")
      << "<MPD profiles='p' minBufferTime='PT1S' mediaPresentationDuration='PT4S'><Period><AdaptationSet "
         "contentType='text' mimeType='application/ttml+xml'><Representation id='t' bandwidth='1'>"
         "<BaseURL>t.ttml</BaseURL></Representation></AdaptationSet></Period></MPD>";
  std::filesystem::create_directories(*dir_ / "root/junk");
  std::ofstream(*dir_ / "root/junk/manifest.mpd")
      << "<MPD profiles='p' minBufferTime='PT1S' mediaPresentationDuration='PT4S'><Period><AdaptationSet "
         "contentType='video' mimeType='video/mp4' codecs='avc1.64001f'><SegmentTemplate duration='2' "
         "initialization='init.mp4' media='$Number$.m4s'/><Representation id='v' bandwidth='1000'/>"
         "</AdaptationSet></Period></MPD>";
  for (const char* f : {"init.mp4", "1.m4s", "2.m4s"}) std::ofstream(*dir_ / "root/junk" / f) << "not media";
  const std::string base = urls_["errors"];
  struct Case {
    std::string url;
    const char* expected;
  } cases[] = {
      {"http://127.0.0.1:1/manifest.mpd", "Connection"},
      {base + "/missing.mpd", "HTTP 404"},
      {base + "/broken.mpd", "XML error"},
      {base + "/nostream.mpd", "no playable stream"},
      {base + "/junk/manifest.mpd", "not playable media"},
  };
  for (const auto& c : cases) {
    auto t0 = std::chrono::steady_clock::now();
    Played p = play(c.url, "");
    EXPECT_NE(p.exit_code, 0) << c.url;
    EXPECT_NE(p.output.find("dash-player: error:"), std::string::npos) << c.url << ": " << p.output;
    EXPECT_NE(p.output.find(c.expected), std::string::npos) << c.url << ": " << p.output;
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(20)) << c.url;
  }
}

}  // namespace
