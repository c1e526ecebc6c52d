// The packager tests' fixture: a scratch directory per suite, input clips
// made with the FFmpeg CLI from the suite's recipes, and dash-package runs
// into out-NAME directories. ctest runs every test in its own process, so a
// clip is made when a test first asks for it: each test pays only for the
// inputs it packages.
//   class Codecs : public ClipFixture<Codecs> {
//    public:
//     static constexpr const char* kScratchName = "codecs";
//     static std::string clip_args(const std::string& name);  // FFmpeg arguments, or "" (a failure)
//   };
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "presentation_check.h"
#include "support/process.h"

namespace packager_test {

template <typename Suite>
class ClipFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { dir_ = new testing_support::ScratchDir(Suite::kScratchName); }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  // The quoted path of clip or file `name` in the scratch directory; a clip
  // with a recipe is made on first use (SVT_LOG=1: libsvtav1 quiet).
  static std::string in(const std::string& name) {
    const auto path = *dir_ / name;
    if (!std::filesystem::exists(path)) {
      const std::string args = Suite::clip_args(name);
      if (args.empty()) {
        ADD_FAILURE() << "no recipe for clip " << name;
      } else {
        auto r = testing_support::run_command("SVT_LOG=1 ffmpeg -nostdin -v error -y " + args + " " +
                                              testing_support::shell_quote(path.string()));
        EXPECT_EQ(r.exit_code, 0) << name << ": " << r.output;
      }
    }
    return testing_support::shell_quote(path.string());
  }
  static std::filesystem::path out(const std::string& name) { return *dir_ / ("out-" + name); }
  // dash-package ARGS into out(name), with 2 s segments, ultrafast, quiet.
  static RunResult package(const std::string& name, const std::string& args) {
    return run_package(args + " -o " + testing_support::shell_quote(out(name).string()) +
                       " --segment-duration 2 --preset ultrafast --quiet");
  }

  static inline testing_support::ScratchDir* dir_ = nullptr;
};

}  // namespace packager_test
