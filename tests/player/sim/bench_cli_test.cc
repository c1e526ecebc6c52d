// dash-abr-bench as a user runs it: outputs, and one clear line on bad input.
#include <gtest/gtest.h>

#include <filesystem>

#include "media/file_io.h"
#include "support/process.h"

namespace {

using testing_support::run_command;
using testing_support::shell_quote;

const std::string kShared = DS_SHARED_DIR;
const std::string kBench = std::string(DS_BINARY_DIR) + "/player/sim/dash-abr-bench";

TEST(BenchCli, WritesTheFourOutputs) {
  testing_support::ScratchDir dir("bench_cli");
  const auto out = dir / "out";
  const auto r = run_command(kBench + " --traces " + shell_quote(kShared + "/traces/sabre-4g-belgium") +
                             " --video " + shell_quote(kShared + "/abr-reference/sabre/bbb4k.json") +
                             " --abr bb,bola-e,default --model request --jobs 2 --subset even --out " +
                             shell_quote(out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("request model; 20 traces"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("bola-e"), std::string::npos);
  for (const char* f : {"sessions.csv", "summary.csv", "summary.json", "report.html"})
    EXPECT_TRUE(std::filesystem::is_regular_file(out / f)) << f;
  const auto summary = media::read_file(out / "summary.csv");
  ASSERT_TRUE(summary.ok());
  EXPECT_NE(summary.value().find("\nbb,,20,"), std::string::npos) << summary.value();
}

TEST(BenchCli, BadInputsGiveOneLineAndNonZeroExit) {
  const std::string traces = " --traces " + shell_quote(kShared + "/traces/sabre-example");
  const std::string video = " --video " + shell_quote(kShared + "/abr-reference/sabre/movie.json");
  for (const std::string& args : {traces + " --video /nonexistent", video + " --traces /nonexistent",
                                  traces + video + " --abr nope", traces + video + " --model fluid", video}) {
    const auto r = run_command(kBench + args);
    EXPECT_NE(r.exit_code, 0) << args;
    EXPECT_FALSE(r.output.empty()) << args;
  }
}

TEST(BenchCli, ExplainsEveryDecisionOfOneTrace) {
  const auto r = run_command(kBench + " --traces " + shell_quote(kShared + "/traces/sabre-example") + " --video " +
                             shell_quote(kShared + "/abr-reference/sabre/movie.json") +
                             " --abr bb,robustmpc --explain network.json -q");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("# bb on network.json"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("# robustmpc on network.json"), std::string::npos);
  EXPECT_NE(r.output.find("  198 "), std::string::npos);  // the last of 199 chunks
  const auto missing = run_command(kBench + " --traces " + shell_quote(kShared + "/traces/sabre-example") +
                                   " --video " + shell_quote(kShared + "/abr-reference/sabre/movie.json") +
                                   " --abr bb --explain nope -q");
  EXPECT_NE(missing.exit_code, 0);
}

TEST(BenchCli, ListsTheAlgorithms) {
  const auto r = run_command(kBench + " --list-abr");
  ASSERT_EQ(r.exit_code, 0);
  for (const char* name : {"bb", "rb", "mpc", "robustmpc", "bola", "bola-e", "dynamic", "throughput", "default"})
    EXPECT_NE(r.output.find(std::string(name) + " "), std::string::npos) << name;
}

}  // namespace
