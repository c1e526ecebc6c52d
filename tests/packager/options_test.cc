// Option validation (impossible combinations and ranges), bit rates, sizes,
// progress text, thread plans and temporary outputs.
#include "packager/options.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "packager/output_files.h"
#include "packager/progress.h"
#include "packager/rate.h"
#include "packager/thread_plan.h"
#include "support/process.h"

namespace packager {
namespace {

PackageOptions valid() {
  PackageOptions o;
  o.inputs = {"in.mp4"};
  o.output_dir = "out";
  return o;
}

void expect_invalid(const PackageOptions& o, const std::string& fragment) {
  auto r = validate_options(o);
  ASSERT_FALSE(r.ok()) << fragment;
  EXPECT_EQ(r.error().code, media::ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
}

TEST(Options, DefaultsAreValid) {
  auto r = validate_options(valid());
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(r->empty());
  PackageOptions t;
  t.output_dir = "out";
  t.test_source_s = 30;
  EXPECT_TRUE(validate_options(t).ok());
}

TEST(Options, ImpossibleCombinations) {
  auto o = valid();
  o.inputs.clear();
  expect_invalid(o, "no input");
  o = valid();
  o.test_source_s = 5;
  expect_invalid(o, "not both");
  o = valid();
  o.inputs.push_back("b.mp4");
  expect_invalid(o, "--copy");
  o = valid();
  o.copy = true;
  o.ladder = "720p@3000k";
  expect_invalid(o, "--ladder");
  o = valid();
  o.output_dir.clear();
  expect_invalid(o, "-o OUTDIR");
}

TEST(Options, Ranges) {
  auto o = valid();
  for (double d : {0.0, -4.0, 0.4, 61.0, std::nan("")}) {
    o.segment_duration_s = d;
    expect_invalid(o, "--segment-duration");
  }
  o = valid();
  o.preset = "turbo";
  expect_invalid(o, "--preset");
  o = valid();
  o.audio_rate_bps = 8000;
  expect_invalid(o, "--audio-bitrate");
  o = valid();
  o.threads = -1;
  expect_invalid(o, "--threads");
  o = PackageOptions{};
  o.output_dir = "out";
  o.test_source_s = 0;
  expect_invalid(o, "--test-source");
  o.test_source_s = 10;
  o.test_source_size = "1281x720";
  expect_invalid(o, "bad size");
  o = valid();
  o.ladder = "720@3M";
  expect_invalid(o, "bad ladder entry '720@3M'");
}

TEST(Options, ProfilesRatesAndSizes) {
  EXPECT_EQ(*parse_profile("live"), Profile::kLive);
  EXPECT_EQ(*parse_profile("ondemand"), Profile::kOnDemand);
  EXPECT_FALSE(parse_profile("vod").ok());
  EXPECT_EQ(*parse_rate_bps("128k"), 128000);
  EXPECT_EQ(*parse_rate_bps("2.5M"), 2500000);
  EXPECT_EQ(*parse_rate_bps("800000"), 800000);
  for (const char* bad : {"", "k", "12q", "-5k", "0", "1e12", "inf", "5 k"}) EXPECT_FALSE(parse_rate_bps(bad).ok()) << bad;
  EXPECT_EQ(format_rate(3000000), "3000k");
  EXPECT_EQ(format_rate(1500), "1500");
  EXPECT_EQ(*parse_size("640x360"), (std::pair<uint32_t, uint32_t>(640, 360)));
  EXPECT_FALSE(parse_size("640").ok());
}

TEST(Progress, FormatsWhatIsKnown) {
  EXPECT_EQ(format_progress({15, 30, 450, 5}), "50% 15.0 s/30.0 s 90 fps 3.0x ETA 5 s");
  EXPECT_EQ(format_progress({2, 0, 0, 1}), "2.0 s 2.0x");
  EXPECT_EQ(format_progress({0, 10, 0, 0}), "0% 0.0 s/10.0 s");
  RunSummary s;
  s.manifest_path = "out/manifest.mpd";
  s.profile = "live";
  s.media_s = 30;
  s.elapsed_s = 10;
  s.size_bytes = 3 << 20;
  s.representations = {{"v0", "video", 640, 360, 700000, 8, 1000, 38.5, 2}, {"a0", "audio", 0, 0, 130000, 8, 10, 0}};
  EXPECT_EQ(format_summary(s),
            "dash-package: 1 video + 1 audio representations, 8 segments, 30.0 s of media in 10.0 s (3.0x), 3.0 MiB "
            "(live) -> out/manifest.mpd");
  auto j = summary_json(s);
  EXPECT_EQ(j["representations"][0]["psnr_db"], 38.5);
  EXPECT_EQ(j["representations"][0]["encoder_threads"], 2);
  EXPECT_FALSE(j["representations"][1].contains("psnr_db"));
  EXPECT_FALSE(j["representations"][1].contains("encoder_threads"));
}

TEST(ThreadPlan, BigRungsGetFrameThreadsOnMultiCore) {
  const std::vector<LadderRung> ladder{{426, 240, 1}, {640, 360, 1}, {854, 480, 1}, {1280, 720, 1}, {1920, 1080, 1}};
  auto two = plan_threads(2, ladder, 1920 * 1080);
  ASSERT_EQ(two.encoder_threads.size(), 5u);
  EXPECT_EQ(two.encoder_threads.front(), 1);
  EXPECT_GT(two.encoder_threads.back(), 1);
  auto one = plan_threads(1, ladder, 1920 * 1080);
  for (int t : one.encoder_threads) EXPECT_EQ(t, 1);
  EXPECT_EQ(one.decoder_threads, 1);
  auto single = plan_threads(2, {{1280, 720, 1}}, 1280 * 720);
  EXPECT_GT(single.encoder_threads[0], 1);
}

TEST(OutputFiles, CommitRenamesAndDiscardRemoves) {
  testing_support::ScratchDir dir("output-files");
  {
    OutputFiles files(dir.path() / "out");
    ASSERT_TRUE(files.prepare().ok());
    const std::vector<uint8_t> bytes{1, 2, 3};
    ASSERT_TRUE(write_whole_file(files.temp_path("a.m4s"), bytes).ok());
    ASSERT_TRUE(write_whole_file(files.scratch_path("b.media"), bytes).ok());
    EXPECT_FALSE(std::filesystem::exists(dir / "out/a.m4s"));
    ASSERT_TRUE(files.commit().ok());
    EXPECT_EQ(std::filesystem::file_size(dir / "out/a.m4s"), 3u);
    EXPECT_FALSE(std::filesystem::exists(dir / "out/b.media.tmp"));
  }
  {
    OutputFiles files(dir.path() / "out");
    ASSERT_TRUE(write_whole_file(files.temp_path("c.m4s"), std::vector<uint8_t>{1}).ok());
    files.discard();
    EXPECT_FALSE(std::filesystem::exists(dir / "out/c.m4s.tmp"));
  }
}

TEST(OutputFiles, UnusableDirectoryIsAnError) {
  testing_support::ScratchDir dir("output-files-bad");
  std::ofstream(dir / "file") << "x";
  OutputFiles under_file(dir / "file" / "out");
  auto st = under_file.prepare();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("file/out"), std::string::npos) << st.error().message;
  OutputFiles is_file(dir / "file");
  EXPECT_FALSE(is_file.prepare().ok());
  auto w = FileWriter::open(dir / "missing-dir" / "x");
  EXPECT_FALSE(w.ok());
}

}  // namespace
}  // namespace packager
