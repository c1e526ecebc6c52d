// dash-package --quality display: per-segment PSNR and SSIM at the top
// rung's size against the source, equal to what FFmpeg's psnr and ssim
// filters measure on the same pictures (the rung decoded and scaled up
// bicubic, every 4th picture), for every codec; and the scores rank rungs
// as viewers see them where x264's own PSNR does not.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "media/segments_json.h"
#include "presentation_check.h"
#include "support/process.h"

namespace packager_test {
namespace {

using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

constexpr int kFramesPerSegment = 60;  // 2 s at 30 fps
constexpr int kMeasureEvery = 4;

class QualityDisplay : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("quality-display");
    // Detail that a small rung loses: a busy pattern with film grain.
    auto r = run_command("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=640x360:r=30:d=4,noise=alls=12:allf=t "
                         "-c:v libx264 -preset ultrafast -crf 10 -pix_fmt yuv420p " +
                         shell_quote((*dir_ / "source.mp4").string()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    auto p = run_package(shell_quote((*dir_ / "source.mp4").string()) + " -o " + shell_quote(out().string()) +
                    " --segment-duration 2 --preset ultrafast --quality display --codec h264,hevc,av1"
                    " --ladder 640x360@1200k,320x180@250k --quiet");
    ASSERT_EQ(p.exit_code, 0) << p.output;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::filesystem::path out() { return *dir_ / "out"; }
  static ScratchDir* dir_;
};

ScratchDir* QualityDisplay::dir_ = nullptr;

// FFmpeg's per-segment luma PSNR (from summed MSE) and mean SSIM of `rep`
// scaled to 640x360 against the source, on frames 0, 4, 8, ...
std::vector<std::pair<double, double>> ffmpeg_display_quality(const std::filesystem::path& dir, const std::string& rep) {
  std::string inputs = "concat:" + (dir / (rep + "-init.mp4")).string();
  for (int n = 1; std::filesystem::exists(dir / (rep + "-" + std::to_string(n) + ".m4s")); ++n)
    inputs += "|" + (dir / (rep + "-" + std::to_string(n) + ".m4s")).string();
  const std::string pick = "select=not(mod(n\\," + std::to_string(kMeasureEvery) + "))";
  auto r = run_command("ffmpeg -nostdin -v error -i " + shell_quote(inputs) + " -i " +
                       shell_quote((dir.parent_path() / "source.mp4").string()) + " -lavfi " +
                       shell_quote("[0:v]" + pick + ",scale=640:360:flags=bicubic[d];[1:v]" + pick +
                                   ",split[r1][r2];[d]split[d1][d2];[d1][r1]psnr=stats_file=" +
                                   (dir / (rep + ".psnr")).string() + ";[d2][r2]ssim=stats_file=" +
                                   (dir / (rep + ".ssim")).string()) +
                       " -f null -");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::vector<double> mse, ssim;
  std::istringstream psnr_lines(run_command("cat " + shell_quote((dir / (rep + ".psnr")).string())).output);
  for (std::string line; std::getline(psnr_lines, line);) {
    const size_t at = line.find("mse_y:");
    if (at != std::string::npos) mse.push_back(std::stod(line.substr(at + 6)));
  }
  std::istringstream ssim_lines(run_command("cat " + shell_quote((dir / (rep + ".ssim")).string())).output);
  for (std::string line; std::getline(ssim_lines, line);) {
    const size_t at = line.find(" Y:");
    if (at != std::string::npos) ssim.push_back(std::stod(line.substr(at + 3)));
  }
  EXPECT_EQ(mse.size(), ssim.size());
  std::vector<std::pair<double, double>> out;
  const size_t per_segment = kFramesPerSegment / kMeasureEvery;
  for (size_t s = 0; s * per_segment < mse.size(); ++s) {
    double m = 0, q = 0;
    size_t n = 0;
    for (size_t i = s * per_segment; i < std::min(mse.size(), (s + 1) * per_segment); ++i, ++n) {
      m += mse[i];
      q += ssim[i];
    }
    out.emplace_back(10 * std::log10(255.0 * 255.0 / (m / n)), q / n);
  }
  return out;
}

TEST_F(QualityDisplay, EqualsFfmpegFiltersForEveryCodec) {
  auto meta = media::read_segments_json_file(out() / "segments.json");
  ASSERT_TRUE(meta.ok()) << meta.error();
  for (const char* rep : {"v0", "v1", "hevc-v0", "av1-v0"}) {
    SCOPED_TRACE(rep);
    const auto* r = meta->find(rep);
    ASSERT_NE(r, nullptr);
    const auto expected = ffmpeg_display_quality(out(), rep);
    ASSERT_EQ(expected.size(), r->segments.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      ASSERT_TRUE(r->segments[i].psnr_display_db && r->segments[i].ssim_display) << "segment " << i + 1;
      EXPECT_NEAR(*r->segments[i].psnr_display_db, expected[i].first, 0.05) << "segment " << i + 1;
      EXPECT_NEAR(*r->segments[i].ssim_display, expected[i].second, 0.002) << "segment " << i + 1;
    }
  }
}

TEST_F(QualityDisplay, RanksRungsAsViewersSeeThem) {
  auto meta = media::read_segments_json_file(out() / "segments.json");
  ASSERT_TRUE(meta.ok());
  const auto* small = meta->find("v0");
  const auto* large = meta->find("v1");
  ASSERT_TRUE(small && large);
  bool encoder_psnr_misranks = false;
  for (size_t i = 0; i < small->segments.size(); ++i) {
    EXPECT_GT(*large->segments[i].psnr_display_db, *small->segments[i].psnr_display_db + 1.0) << i;
    EXPECT_GT(*large->segments[i].ssim_display, *small->segments[i].ssim_display) << i;
    encoder_psnr_misranks = encoder_psnr_misranks || *small->segments[i].psnr_db >= *large->segments[i].psnr_db;
  }
  // x264's PSNR, measured at each rung's own size, puts the small rung level with or above the large one.
  EXPECT_TRUE(encoder_psnr_misranks);
  check_presentation(out(), [] {
    Expected e{6, false, 2, 120, 1.0 / 30, std::make_pair(640u, 360u)};  // 2 rungs × 3 codecs, no audio
    e.psnr = false;  // x265 and SVT-AV1 give no encoder PSNR
    return e;
  }());
}

}  // namespace
}  // namespace packager_test
