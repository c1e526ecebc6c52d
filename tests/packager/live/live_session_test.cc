// Live sessions end to end with the real binaries: dash-package --live
// writing into a directory that dash-origin serves. Every MPD update a
// client sees validates against the DASH schema and lists contiguous
// segments that the origin serves; old segments go; Ctrl-C leaves a static
// MPD that FFmpeg plays whole. Bad input: an input that disconnects and comes
// back (a new Period), garbage on the UDP port, a timestamp jump.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "media/mpd/reader.h"
#include "media/mpd/segments.h"
#include "media/mpd/writer.h"
#include "support/net.h"
#include "support/process.h"
#include "support/server_process.h"

namespace packager {
namespace {

using namespace std::chrono_literals;
using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::ServerProcess;
using testing_support::shell_quote;

std::string package_binary() { return (testing_support::binary_dir() / "packager/dash-package").string(); }
std::string origin_binary() { return (testing_support::binary_dir() / "origin/dash-origin").string(); }

testing_support::CommandResult validate(const std::filesystem::path& mpd) {
  const auto xsd = testing_support::shared_dir() / "dash-schema" / "DASH-MPD.xsd";
  return run_command("xmllint --noout --schema " + shell_quote(xsd.string()) + " " + shell_quote(mpd.string()));
}

// Video frames FFmpeg decodes from an MPD (or any input).
int decoded_frames(const std::filesystem::path& input) {
  auto r = run_command("ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 " +
                       shell_quote(input.string()));
  if (r.exit_code != 0) return -1;
  return std::atoi(r.output.c_str());
}

// Video frames FFmpeg decodes from one Period of a static MPD in `dir`
// (FFmpeg's DASH demuxer reads only the first Period): its first video
// Representation's init segment and media segments, concatenated.
int decoded_frames_of_period(const media::Mpd& mpd, size_t period, const std::filesystem::path& dir) {
  auto rep = media::resolve_representation(mpd, period, 0, 0, (dir / "manifest.mpd").string());
  if (!rep.ok() || !rep->initialization) return -1;
  const auto joined = dir / ("period-" + std::to_string(period) + ".mp4");
  std::ofstream out(joined, std::ios::binary);
  auto copy = [&](const std::string& name) { out << std::ifstream(dir / name, std::ios::binary).rdbuf(); };
  copy(rep->initialization->path);
  for (const auto& s : rep->segments) copy(s.location.path);
  out.close();
  return decoded_frames(joined);
}

// A 320x180 30 fps MPEG-TS clip with a tone, `seconds` long, its timestamps offset by `offset_s`.
void make_ts(const std::filesystem::path& out, double seconds, double offset_s = 0) {
  auto r = run_command("ffmpeg -v error -y -f lavfi -i testsrc2=size=320x180:rate=30 -f lavfi -i sine=frequency=500 -t " +
                       std::to_string(seconds) + " -c:v libx264 -preset ultrafast -g 30 -c:a aac -output_ts_offset " +
                       std::to_string(offset_s) + " -f mpegts " + shell_quote(out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
}

// What one dynamic MPD lists for the first video Representation of each Period.
struct Listed {
  std::vector<std::string> paths;
  std::vector<uint64_t> numbers;
  std::vector<double> starts_s, ends_s;
};

Listed listed_video(const media::Mpd& mpd) {
  Listed l;
  for (size_t p = 0; p < mpd.periods.size(); ++p) {
    auto rep = media::resolve_representation(mpd, p, 0, 0, "http://origin/live/manifest.mpd");
    EXPECT_TRUE(rep.ok()) << rep.error();
    if (!rep.ok()) continue;
    for (const auto& s : rep->segments) {
      l.paths.push_back(s.location.path);
      l.numbers.push_back(s.number);
      l.starts_s.push_back(s.start_s());
      l.ends_s.push_back(s.start_s() + s.duration_s());
    }
  }
  return l;
}

class LiveSession : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::make_unique<ScratchDir>("live-session");
    root_ = dir_->path() / "root";
    out_ = root_ / "live";
    std::filesystem::create_directories(out_);
  }

  std::unique_ptr<ServerProcess> start_packager(std::vector<std::string> args) {
    std::vector<std::string> argv = {package_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"-o", out_.string()});
    return std::make_unique<ServerProcess>(argv, dir_->path().string(), "packager");
  }

  std::string start_origin() {
    origin_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{origin_binary(), "--root", root_.string(), "--port", "0", "--access-log",
                                 (dir_->path() / "access.log").string()},
        dir_->path().string(), "origin");
    auto url = origin_->wait_for_url();
    EXPECT_TRUE(url) << origin_->stderr_text();
    return url.value_or("");
  }

  std::unique_ptr<ScratchDir> dir_;
  std::filesystem::path root_, out_;
  std::unique_ptr<ServerProcess> origin_;
};

TEST_F(LiveSession, EveryMpdUpdateIsValidContiguousAndServedAndCtrlCLeavesAVod) {
  const std::string base = start_origin();
  ASSERT_FALSE(base.empty());
  auto packager = start_packager({"--test-source", "live", "--test-source-size", "320x180", "--segment-duration", "1",
                                  "--window", "3", "--chunk-duration", "0.25", "-q"});
  httplib::Client client(base);
  client.set_read_timeout(10, 0);
  std::string last_mpd;
  int updates = 0;
  uint64_t first_number_seen = 0, last_number_seen = 0;
  const auto end = std::chrono::steady_clock::now() + 11s;
  while (std::chrono::steady_clock::now() < end && packager->running()) {
    std::this_thread::sleep_for(150ms);
    auto res = client.Get("/live/manifest.mpd");
    if (!res || res->status != 200 || res->body == last_mpd) continue;
    last_mpd = res->body;
    ++updates;
    const auto copy = dir_->path() / ("update-" + std::to_string(updates) + ".mpd");
    std::ofstream(copy) << res->body;
    auto v = validate(copy);
    ASSERT_EQ(v.exit_code, 0) << "update " << updates << ":\n" << v.output << res->body;
    auto mpd = media::parse_mpd(res->body);
    ASSERT_TRUE(mpd.ok()) << mpd.error();
    ASSERT_TRUE(mpd->is_dynamic());
    // 1 s segments: minimumUpdatePeriod PT1S, too short for any max-age.
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache");
    const Listed l = listed_video(*mpd);
    ASSERT_FALSE(l.paths.empty());
    for (size_t i = 1; i < l.numbers.size(); ++i) {
      EXPECT_EQ(l.numbers[i], l.numbers[i - 1] + 1) << res->body;
      EXPECT_NEAR(l.starts_s[i], l.ends_s[i - 1], 1e-6) << res->body;
    }
    EXPECT_GE(l.numbers.front(), first_number_seen) << "the window only moves forward";
    EXPECT_GE(l.numbers.back(), last_number_seen);
    first_number_seen = l.numbers.front();
    last_number_seen = l.numbers.back();
    // The newest listed segment (growing while chunks come) is served whole.
    auto seg = client.Get(("/live/" + l.paths.back()).c_str());
    ASSERT_TRUE(seg) << l.paths.back();
    EXPECT_EQ(seg->status, 200) << l.paths.back();
    EXPECT_EQ(seg->body.substr(4, 4), "styp");
  }
  EXPECT_GE(updates, 5);
  EXPECT_GE(first_number_seen, 3u) << "the 3 s window has moved on";
  // Segments far behind the window (3 s + a 3-segment margin) are gone from disk.
  EXPECT_FALSE(std::filesystem::exists(out_ / "v0-1.m4s"));
  EXPECT_FALSE(std::filesystem::exists(out_ / "a0-1.m4s"));

  ASSERT_TRUE(packager->running()) << packager->stderr_text();
  EXPECT_EQ(packager->stop(SIGINT, 15s), 0) << packager->stderr_text();
  const auto mpd_path = out_ / "manifest.mpd";
  auto v = validate(mpd_path);
  EXPECT_EQ(v.exit_code, 0) << v.output;
  auto vod = media::read_mpd_file(mpd_path);
  ASSERT_TRUE(vod.ok()) << vod.error();
  EXPECT_FALSE(vod->is_dynamic());
  ASSERT_TRUE(vod->media_presentation_duration);
  const double duration_s = vod->media_presentation_duration->count() / 1e6;
  EXPECT_GE(duration_s, 2.0) << "the 3 s window, less the segment in progress";
  for (const auto& e : std::filesystem::directory_iterator(out_))
    EXPECT_EQ(e.path().extension() == ".part" || e.path().extension() == ".tmp", false) << e.path();
  const Listed kept = listed_video(*vod);
  for (const auto& p : kept.paths) EXPECT_TRUE(std::filesystem::exists(out_ / p)) << p;
  EXPECT_NEAR(kept.starts_s.front(), 0.0, 1e-6) << "the VOD starts at 0";
  // FFmpeg plays the whole static presentation.
  EXPECT_NEAR(decoded_frames(mpd_path), duration_s * 30, 2);
}

TEST_F(LiveSession, AnInputThatDisconnectsAndComesBackContinuesInANewPeriod) {
  const int port = testing_support::free_udp_port();
  const auto clip = dir_->path() / "clip.ts";
  make_ts(clip, 3);
  auto packager = start_packager({"--live", "udp://127.0.0.1:" + std::to_string(port), "--segment-duration", "1",
                                  "--stall-timeout", "1", "-q"});
  std::this_thread::sleep_for(500ms);
  const std::string send = "ffmpeg -v error -re -i " + shell_quote(clip.string()) +
                           " -c copy -f mpegts udp://127.0.0.1:" + std::to_string(port) + "?pkt_size=1316";
  ASSERT_EQ(run_command(send).exit_code, 0);
  std::this_thread::sleep_for(2500ms);  // silence: the Period ends after 1 s
  ASSERT_EQ(run_command(send).exit_code, 0);
  std::this_thread::sleep_for(2000ms);
  ASSERT_TRUE(packager->running()) << packager->stderr_text();
  EXPECT_EQ(packager->stop(SIGINT, 15s), 0) << packager->stderr_text();
  const auto mpd_path = out_ / "manifest.mpd";
  auto v = validate(mpd_path);
  EXPECT_EQ(v.exit_code, 0) << v.output;
  auto vod = media::read_mpd_file(mpd_path);
  ASSERT_TRUE(vod.ok()) << vod.error();
  ASSERT_EQ(vod->periods.size(), 2u) << media::write_mpd(*vod);
  const Listed l = listed_video(*vod);
  for (size_t i = 1; i < l.numbers.size(); ++i) {
    EXPECT_EQ(l.numbers[i], l.numbers[i - 1] + 1) << "numbers go on across Periods";
    // Periods follow each other at once (the outage is gone); a Period ends
    // with its longest track, so video may end a few frames early.
    EXPECT_NEAR(l.starts_s[i], l.ends_s[i - 1], 0.25) << "the VOD replays without the outage";
  }
  EXPECT_TRUE(std::filesystem::exists(out_ / "v0-p1-init.mp4"));
  const double duration_s = vod->media_presentation_duration->count() / 1e6;
  EXPECT_NEAR(duration_s, 6.0, 0.6);
  // Every frame that arrived is there (UDP on a busy machine may lose a few).
  const int frames = decoded_frames_of_period(*vod, 0, out_) + decoded_frames_of_period(*vod, 1, out_);
  EXPECT_NEAR(frames, duration_s * 30, 20);
}

TEST_F(LiveSession, GarbageOnTheUdpPortIsOneClearErrorAndNoMpd) {
  const int port = testing_support::free_udp_port();
  auto packager = start_packager({"--live", "udp://127.0.0.1:" + std::to_string(port), "-q"});
  std::this_thread::sleep_for(500ms);
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::mt19937 rng(5);
  std::vector<char> junk(1316);
  for (int i = 0; i < 3000 && packager->running(); ++i) {
    for (auto& c : junk) c = static_cast<char>(rng());
    ::sendto(fd, junk.data(), junk.size(), 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (i % 50 == 0) std::this_thread::sleep_for(5ms);
  }
  ::close(fd);
  int status = -1;
  for (int i = 0; i < 100 && packager->running(); ++i) std::this_thread::sleep_for(100ms);
  if (packager->running()) status = packager->stop(SIGINT, 10s);
  else status = packager->stop(SIGINT, 1s);
  const std::string err = packager->stderr_text();
  // Either it gave up on the input with one error line, or it was still
  // waiting for a stream when stopped: never a crash, never an MPD.
  EXPECT_TRUE(status == 1 || status == 130) << status << " " << err;
  if (status == 1) {
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    EXPECT_EQ(err.rfind("dash-package: error: ", 0), 0u) << err;
  }
  EXPECT_FALSE(std::filesystem::exists(out_ / "manifest.mpd"));
}

TEST_F(LiveSession, ATimestampJumpInTheInputKeepsOnePeriodContinuous) {
  // Two clips glued together, the second's timestamps 1000 s later (an encoder restart).
  const auto a = dir_->path() / "a.ts", b = dir_->path() / "b.ts", jump = dir_->path() / "jump.ts";
  make_ts(a, 2);
  make_ts(b, 2, 1000);
  ASSERT_EQ(run_command("cat " + shell_quote(a.string()) + " " + shell_quote(b.string()) + " > " +
                        shell_quote(jump.string()))
                .exit_code,
            0);
  const auto started = std::chrono::steady_clock::now();
  auto r = run_command(package_binary() + " --live --realtime " + shell_quote(jump.string()) +
                       " --segment-duration 1 -q -o " + shell_quote(out_.string()));
  const double took_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_LT(took_s, 15) << "paced by media time, not by the 1000 s jump";
  auto vod = media::read_mpd_file(out_ / "manifest.mpd");
  ASSERT_TRUE(vod.ok()) << vod.error();
  ASSERT_EQ(vod->periods.size(), 1u);
  const double duration_s = vod->media_presentation_duration->count() / 1e6;
  EXPECT_NEAR(duration_s, 4.0, 0.2);
  const Listed l = listed_video(*vod);
  for (size_t i = 1; i < l.numbers.size(); ++i) EXPECT_NEAR(l.starts_s[i], l.ends_s[i - 1], 1e-6);
  EXPECT_NEAR(decoded_frames(out_ / "manifest.mpd"), 120, 3);
}

// Every file an MPD names (init and media segments) is there, complete.
void expect_mpd_names_only_files_there(const std::filesystem::path& dir) {
  auto mpd = media::read_mpd_file(dir / "manifest.mpd");
  ASSERT_TRUE(mpd.ok()) << mpd.error();
  for (size_t p = 0; p < mpd->periods.size(); ++p)
    for (size_t a = 0; a < mpd->periods[p].adaptation_sets.size(); ++a)
      for (size_t r = 0; r < mpd->periods[p].adaptation_sets[a].representations.size(); ++r) {
        auto rep = media::resolve_representation(*mpd, p, a, r, (dir / "manifest.mpd").string());
        ASSERT_TRUE(rep.ok()) << rep.error();
        EXPECT_TRUE(std::filesystem::exists(dir / rep->initialization->path)) << rep->initialization->path;
        for (const auto& s : rep->segments) EXPECT_TRUE(std::filesystem::exists(dir / s.location.path)) << s.location.path;
      }
}

TEST_F(LiveSession, AKilledPackagerLeavesAnMpdNamingOnlyCompleteSegments) {
  auto packager = start_packager({"--test-source", "live", "--test-source-size", "320x180", "--segment-duration", "1",
                                  "--window", "3", "-q"});
  std::this_thread::sleep_for(5s);
  ASSERT_TRUE(packager->running()) << packager->stderr_text();
  packager->stop(SIGKILL);
  expect_mpd_names_only_files_there(out_);
}

TEST_F(LiveSession, AFailedWriteIsOneClearErrorAndNoMpdNamesAMissingSegment) {
  // Each file may grow to 150 kB (ulimit -f): a 1.5 Mbit/s video segment does
  // not fit, like a disk that fills up; audio segments do.
  auto r = run_command("ulimit -f 150; exec " + package_binary() +
                       " --test-source live --test-source-size 320x180 --ladder 320x180@1500k --segment-duration 1"
                       " --chunk-duration 0.25 -q -o " + shell_quote(out_.string()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  EXPECT_NE(r.output.find("dash-package: error: write"), std::string::npos) << r.output;
  for (const auto& e : std::filesystem::directory_iterator(out_)) EXPECT_NE(e.path().extension(), ".part") << e.path();
  if (std::filesystem::exists(out_ / "manifest.mpd")) expect_mpd_names_only_files_there(out_);
}

}  // namespace
}  // namespace packager
