// Bad input gives one clear error line and a non-zero exit, and never a
// manifest; Ctrl-C stops promptly and keeps the previous complete output.
#include <gtest/gtest.h>

#include <fstream>

#include "presentation_check.h"
#include "support/process.h"

namespace packager_test {
namespace {

using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

class BadInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("package-bad");
    // moov at the end (FFmpeg's default) and at the front (faststart): truncation hits both differently.
    for (const char* flags : {"", "-movflags faststart"}) {
      const std::string name = *flags ? "fast.mp4" : "clip.mp4";
      auto r = run_command("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=320x180:r=30:d=4 -f lavfi -i "
                           "sine=r=48000:d=4 -c:v libx264 -preset ultrafast -b:v 1M -c:a aac " + std::string(flags) +
                           " " + shell_quote((*dir_ / name).string()));
      ASSERT_EQ(r.exit_code, 0) << r.output;
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static std::string copy_of(const std::string& from, const std::string& to) {
    std::filesystem::copy_file(*dir_ / from, *dir_ / to, std::filesystem::copy_options::overwrite_existing);
    return (*dir_ / to).string();
  }

  // Runs dash-package and expects exactly one "dash-package: error: ..." line
  // containing `fragment`, a non-zero exit and no manifest.
  static void expect_one_error(const std::string& args, const std::string& fragment, const std::string& out_name) {
    const auto out = *dir_ / out_name;
    auto r = run_package(args + " -o " + shell_quote(out.string()) + " --quiet");
    EXPECT_NE(r.exit_code, 0) << r.output;
    EXPECT_EQ(r.output.rfind("dash-package: error: ", 0), 0u) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_NE(r.output.find(fragment), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(out / "manifest.mpd"));
    if (std::filesystem::is_directory(out))
      for (const auto& e : std::filesystem::directory_iterator(out)) ADD_FAILURE() << "left behind: " << e.path();
  }

  static ScratchDir* dir_;
};

ScratchDir* BadInput::dir_ = nullptr;

TEST_F(BadInput, MissingFile) {
  expect_one_error(shell_quote((*dir_ / "missing.mp4").string()), "No such file or directory", "o-missing");
}

TEST_F(BadInput, NotMedia) {
  std::ofstream(*dir_ / "text.mp4") << "this is just some text, not a movie\n";
  expect_one_error(shell_quote((*dir_ / "text.mp4").string()), "text.mp4", "o-text");
}

TEST_F(BadInput, ZeroLength) {
  std::ofstream(*dir_ / "empty.mp4").flush();
  expect_one_error(shell_quote((*dir_ / "empty.mp4").string()), "empty.mp4", "o-empty");
}

TEST_F(BadInput, Truncated) {
  for (const char* name : {"clip.mp4", "fast.mp4"}) {
    SCOPED_TRACE(name);
    const auto path = copy_of(name, std::string("trunc-") + name);
    std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
    expect_one_error(shell_quote(path), std::string("trunc-") + name, std::string("o-trunc-") + name);
  }
}

TEST_F(BadInput, BitFlipped) {
  for (const char* name : {"clip.mp4", "fast.mp4"}) {
    SCOPED_TRACE(name);
    const auto path = copy_of(name, std::string("flip-") + name);
    // Invert 16 KiB in the middle of the media data.
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    const auto middle = static_cast<std::streamoff>(std::filesystem::file_size(path) / 2);
    std::vector<char> buf(16384);
    f.seekg(middle);
    f.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    for (char& c : buf) c = static_cast<char>(~c);
    f.seekp(middle);
    f.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    f.close();
    expect_one_error(shell_quote(path), std::string("flip-") + name, std::string("o-flip-") + name);
  }
}

TEST_F(BadInput, UnwritableOutputDirectory) {
  std::ofstream(*dir_ / "a-file") << "x";
  auto r = run_package(shell_quote((*dir_ / "clip.mp4").string()) + " -o " +
                       shell_quote((*dir_ / "a-file" / "out").string()));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.output.rfind("dash-package: error: ", 0), 0u) << r.output;
  EXPECT_NE(r.output.find("a-file/out"), std::string::npos) << r.output;
}

TEST_F(BadInput, BadLadderAndImpossibleOptions) {
  const std::string clip = shell_quote((*dir_ / "clip.mp4").string());
  expect_one_error(clip + " --ladder 1280x@3000k", "bad ladder entry '1280x@3000k'", "o-ladder");
  expect_one_error(clip + " --ladder 720p", "bad ladder entry '720p'", "o-ladder2");
  expect_one_error(clip + " --segment-duration 0", "--segment-duration", "o-seg");
  expect_one_error(clip + " --preset turbo", "--preset", "o-preset");
  expect_one_error(clip + " --test-source 5", "not both", "o-both");
  expect_one_error(clip + " --profile vod", "--profile", "o-profile");
  expect_one_error(clip + " --audio-bitrate 12q", "--audio-bitrate", "o-audio");
}

// Release options a live run does not support are refused before anything starts.
TEST_F(BadInput, LiveRefusesFileOnlyOptions) {
  expect_one_error("--test-source live --codec hevc", "--live encodes H.264 only", "o-live-hevc");
  expect_one_error("--test-source live --hls", "drop --hls", "o-live-hls");
}

TEST_F(BadInput, InterruptKeepsThePreviousPresentation) {
  const auto out = *dir_ / "o-interrupt";
  auto first = run_package("--test-source 2 --test-source-size 320x180 --quiet -o " + shell_quote(out.string()));
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const auto before = std::filesystem::last_write_time(out / "manifest.mpd");
  // A long run, interrupted after a second: exits 130 within a few seconds.
  auto r = run_command("(" + shell_quote(package_binary().string()) + " --test-source 600 --quiet -o " +
                       shell_quote(out.string()) +
                       " & pid=$!; sleep 1.5; kill -INT $pid; start=$(date +%s%N); wait $pid; rc=$?; "
                       "echo rc=$rc ms=$(( ($(date +%s%N) - start) / 1000000 )))");
  EXPECT_NE(r.output.find("rc=130"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("interrupted"), std::string::npos) << r.output;
  const auto ms_at = r.output.find("ms=");
  ASSERT_NE(ms_at, std::string::npos) << r.output;
  EXPECT_LT(std::stol(r.output.substr(ms_at + 3)), 5000) << "Ctrl-C must stop promptly";
  // The earlier manifest and its segments are untouched and complete.
  EXPECT_EQ(std::filesystem::last_write_time(out / "manifest.mpd"), before);
  check_presentation(out, {1, true, 1, 60, 1.0 / 30, std::make_pair(320u, 180u)});
}

// What a full disk leaves behind: the output lines of `listing` after the
// packager's own, which must be one error line naming the cause.
void expect_clean_failure(const std::string& output, const std::string& cause) {
  const auto exit_at = output.find("EXIT=");
  ASSERT_NE(exit_at, std::string::npos) << output;
  const std::string packager_output = output.substr(0, exit_at);
  EXPECT_EQ(packager_output.rfind("dash-package: error: ", 0), 0u) << output;
  EXPECT_EQ(std::count(packager_output.begin(), packager_output.end(), '\n'), 1) << output;
  EXPECT_NE(packager_output.find(cause), std::string::npos) << output;
  EXPECT_NE(std::stoi(output.substr(exit_at + 5)), 0) << output;
  EXPECT_EQ(output.find("LEFT "), std::string::npos) << "files left behind:\n" << output;
}

// A real full filesystem: a 1 MiB tmpfs in a private mount namespace (an
// unprivileged user namespace, where the kernel allows one).
TEST_F(BadInput, FullFilesystemLeavesNothing) {
  if (run_command("unshare -rm sh -c 'mount -t tmpfs -o size=1m tmpfs /mnt'").exit_code != 0)
    GTEST_SKIP() << "no user namespaces here; FileSizeLimitLeavesNothing covers the same path";
  const auto mnt = *dir_ / "tmpfs";
  std::filesystem::create_directories(mnt);
  const std::string m = shell_quote(mnt.string());
  auto r = run_command("unshare -rm sh -c 'mount -t tmpfs -o size=1m tmpfs " + m + " && " +
                       shell_quote(package_binary().string()) + " --test-source 20 --test-source-size 640x360 --quiet -o " +
                       m + "/out; echo EXIT=$?; find " + m + "/out -type f | sed s/^/LEFT\\ /'");
  expect_clean_failure(r.output, "No space left on device");
}

// The same through a file size limit (ulimit -f): writes fail with EFBIG.
TEST_F(BadInput, FileSizeLimitLeavesNothing) {
  const auto out = *dir_ / "o-fsize";
  const std::string o = shell_quote(out.string());
  auto r = run_command("(ulimit -f 512; " + shell_quote(package_binary().string()) +
                       " --test-source 20 --test-source-size 640x360 --quiet -o " + o + ") 2>&1; echo EXIT=$?; find " + o +
                       " -type f 2>/dev/null | sed 's/^/LEFT /'");
  expect_clean_failure(r.output, "File too large");
}

}  // namespace
}  // namespace packager_test
