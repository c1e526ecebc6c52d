// Luma SSE, PSNR and SSIM: exact values on constructed planes and SSIM equal
// to a direct per-window evaluation of Wang et al.'s formula.
#include "packager/quality/luma_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace packager::quality {
namespace {

struct Image {
  int width, height;
  std::vector<uint8_t> pixels;
  Plane plane() const { return {pixels.data(), width, width, height}; }
};

Image random_image(int w, int h, unsigned seed) {
  std::mt19937 rng(seed);
  Image img{w, h, std::vector<uint8_t>(size_t(w) * h)};
  for (auto& p : img.pixels) p = static_cast<uint8_t>(rng() % 256);
  return img;
}

// SSIM of one 8x8 window at (x, y), straight from the definition.
double window_ssim(const Image& a, const Image& b, int x, int y) {
  double ma = 0, mb = 0;
  for (int j = 0; j < 8; ++j)
    for (int i = 0; i < 8; ++i) {
      ma += a.pixels[size_t((y + j) * a.width + x + i)];
      mb += b.pixels[size_t((y + j) * b.width + x + i)];
    }
  ma /= 64;
  mb /= 64;
  double va = 0, vb = 0, cov = 0;
  for (int j = 0; j < 8; ++j)
    for (int i = 0; i < 8; ++i) {
      const double da = a.pixels[size_t((y + j) * a.width + x + i)] - ma;
      const double db = b.pixels[size_t((y + j) * b.width + x + i)] - mb;
      va += da * da;
      vb += db * db;
      cov += da * db;
    }
  va /= 63;  // sample (unbiased) estimates, as x264 and FFmpeg
  vb /= 63;
  cov /= 63;
  const double c1 = 6.5025, c2 = 58.5225;  // (0.01·255)², (0.03·255)²
  return ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
}

TEST(LumaMetrics, IdenticalPlanes) {
  const Image a = random_image(64, 36, 1);
  EXPECT_EQ(sum_squared_error(a.plane(), a.plane()), 0u);
  EXPECT_DOUBLE_EQ(ssim(a.plane(), a.plane()), 1.0);
  EXPECT_EQ(psnr_db(0, 100), kMaxPsnrDb);
}

TEST(LumaMetrics, ConstantOffset) {
  Image a{32, 16, std::vector<uint8_t>(32 * 16, 100)};
  Image b{32, 16, std::vector<uint8_t>(32 * 16, 105)};
  EXPECT_EQ(sum_squared_error(a.plane(), b.plane()), 25u * 32 * 16);
  EXPECT_NEAR(psnr_db(25u * 32 * 16, 32 * 16), 10 * std::log10(255.0 * 255.0 / 25), 1e-12);
  // Flat planes: only the luminance term, (2·100·105 + C1) / (100² + 105² + C1).
  EXPECT_NEAR(ssim(a.plane(), b.plane()), (2 * 100.0 * 105 + 6.5025) / (100.0 * 100 + 105.0 * 105 + 6.5025), 1e-12);
}

TEST(LumaMetrics, SsimIsTheMeanOverOverlappingWindows) {
  const Image a = random_image(40, 24, 2);
  Image b = a;
  std::mt19937 rng(3);
  for (auto& p : b.pixels) p = static_cast<uint8_t>(std::clamp(int(p) + int(rng() % 21) - 10, 0, 255));
  double expected = 0;
  int windows = 0;
  for (int y = 0; y + 8 <= 24; y += 4)
    for (int x = 0; x + 8 <= 40; x += 4) {
      expected += window_ssim(a, b, x, y);
      ++windows;
    }
  EXPECT_NEAR(ssim(a.plane(), b.plane()), expected / windows, 1e-12);
  EXPECT_LT(ssim(a.plane(), b.plane()), 1.0);
}

TEST(LumaMetrics, StridesAreHonoured) {
  const Image a = random_image(16, 16, 4);
  std::vector<uint8_t> padded(32 * 16, 0);
  for (int y = 0; y < 16; ++y) std::copy_n(&a.pixels[size_t(y * 16)], 16, &padded[size_t(y * 32)]);
  const Plane p{padded.data(), 32, 16, 16};
  EXPECT_EQ(sum_squared_error(a.plane(), p), 0u);
  EXPECT_DOUBLE_EQ(ssim(a.plane(), p), 1.0);
}

}  // namespace
}  // namespace packager::quality
