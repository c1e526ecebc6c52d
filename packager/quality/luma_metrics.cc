#include "packager/quality/luma_metrics.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace packager::quality {
namespace {

// Sums over one 4x4 block: Σa, Σb, Σ(a²+b²), Σab.
struct BlockSums {
  uint32_t a = 0, b = 0, aa_bb = 0, ab = 0;
};

BlockSums block_sums(const Plane& a, const Plane& b, int x, int y) {
  BlockSums s;
  for (int dy = 0; dy < 4; ++dy) {
    const uint8_t* pa = a.data + (y + dy) * a.stride + x;
    const uint8_t* pb = b.data + (y + dy) * b.stride + x;
    for (int dx = 0; dx < 4; ++dx) {
      const uint32_t va = pa[dx], vb = pb[dx];
      s.a += va;
      s.b += vb;
      s.aa_bb += va * va + vb * vb;
      s.ab += va * vb;
    }
  }
  return s;
}

// SSIM of one 8x8 window from the sums of its four 4x4 blocks (64 pixels).
// Variances and covariance are the unbiased sample estimates (÷ 63), as in
// x264 and FFmpeg, so the scores are comparable with theirs.
double window_ssim(const BlockSums& w) {
  constexpr double kC1 = (0.01 * 255) * (0.01 * 255);
  constexpr double kC2 = (0.03 * 255) * (0.03 * 255);
  constexpr double kN = 64;
  constexpr double kUnbiased = kN / (kN - 1);
  const double mean_a = w.a / kN, mean_b = w.b / kN;
  const double var_sum = (w.aa_bb / kN - mean_a * mean_a - mean_b * mean_b) * kUnbiased;  // σa² + σb²
  const double covariance = (w.ab / kN - mean_a * mean_b) * kUnbiased;
  return ((2 * mean_a * mean_b + kC1) * (2 * covariance + kC2)) /
         ((mean_a * mean_a + mean_b * mean_b + kC1) * (var_sum + kC2));
}

}  // namespace

uint64_t sum_squared_error(const Plane& a, const Plane& b) {
  uint64_t total = 0;
  for (int y = 0; y < a.height; ++y) {
    const uint8_t* pa = a.data + y * a.stride;
    const uint8_t* pb = b.data + y * b.stride;
    uint32_t row = 0;  // at most 4096 × 255² fits
    for (int x = 0; x < a.width; ++x) {
      const int d = int(pa[x]) - int(pb[x]);
      row += static_cast<uint32_t>(d * d);
    }
    total += row;
  }
  return total;
}

double ssim(const Plane& a, const Plane& b) {
  const int bw = a.width / 4, bh = a.height / 4;  // 4x4 blocks
  if (bw < 2 || bh < 2) return 1.0;
  std::vector<BlockSums> above(static_cast<size_t>(bw)), row(static_cast<size_t>(bw));
  for (int x = 0; x < bw; ++x) above[size_t(x)] = block_sums(a, b, 4 * x, 0);
  double total = 0;
  for (int y = 1; y < bh; ++y) {
    for (int x = 0; x < bw; ++x) row[size_t(x)] = block_sums(a, b, 4 * x, 4 * y);
    for (int x = 0; x + 1 < bw; ++x) {
      BlockSums w;
      for (const BlockSums* s : {&above[size_t(x)], &above[size_t(x) + 1], &row[size_t(x)], &row[size_t(x) + 1]}) {
        w.a += s->a;
        w.b += s->b;
        w.aa_bb += s->aa_bb;
        w.ab += s->ab;
      }
      total += window_ssim(w);
    }
    std::swap(above, row);
  }
  return total / (double(bw - 1) * double(bh - 1));
}

double psnr_db(uint64_t sse, uint64_t pixels) {
  if (pixels == 0) return 0;
  if (sse == 0) return kMaxPsnrDb;
  const double mse = double(sse) / double(pixels);
  return std::min(kMaxPsnrDb, 10.0 * std::log10(255.0 * 255.0 / mse));
}

}  // namespace packager::quality
