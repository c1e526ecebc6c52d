// Test helpers to run external tools (xmllint, ffmpeg, ffprobe, our binaries)
// and to make scratch directories.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace testing_support {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved
};

// Runs `command` through /bin/sh, capturing stdout+stderr.
CommandResult run_command(const std::string& command);

// Quotes one argument for /bin/sh.
std::string shell_quote(const std::string& arg);

// A fresh directory under the build tree, removed when the object dies
// (kept when DS_KEEP_TEST_DIRS is set, for debugging).
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& child) const { return path_ / child; }

 private:
  std::filesystem::path path_;
};

std::filesystem::path shared_dir();  // ../shared of the source tree
// The same as text, for tests that join paths onto it with +.
inline const std::string kShared = shared_dir().string();

// Time bounds in tests are multiplied by DS_TIMING_SCALE (default 1); the
// sanitizer run sets it, since ASan slows everything several times.
double timing_scale();
std::filesystem::path binary_dir();  // the CMake build directory

}  // namespace testing_support

namespace testing_support {

// Media fixtures are slow to make, so they are made once per build tree:
// `make(dir)` fills a fresh directory the first time; later calls (in this or
// another test process) reuse it. Returns the directory, or empty on failure
// (with the failure text in `error`).
std::filesystem::path cached_fixture(const std::string& name, const std::function<bool(const std::filesystem::path&, std::string&)>& make,
                                     std::string& error);

}  // namespace testing_support
