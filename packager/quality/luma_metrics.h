// Full-reference quality of one 8-bit luma plane against another of the
// same size: the sum of squared errors (for PSNR over many frames) and SSIM
// (Wang et al. 2004, "Image quality assessment: from error visibility to
// structural similarity"), computed as x264 and FFmpeg's ssim filter do:
// 8x8 windows every 4 pixels from sums over 4x4 blocks, unbiased (÷ 63)
// variances, C1 = (0.01·255)², C2 = (0.03·255)². Pure code, unit tested.
#pragma once

#include <cstddef>
#include <cstdint>

namespace packager::quality {

struct Plane {
  const uint8_t* data = nullptr;
  ptrdiff_t stride = 0;  // bytes per row
  int width = 0;
  int height = 0;
};

uint64_t sum_squared_error(const Plane& a, const Plane& b);

// Mean SSIM over the plane (1 for identical planes); planes under 8x8 give 1.
double ssim(const Plane& a, const Plane& b);

// PSNR in dB from a sum of squared errors over `pixels` samples (8 bit), capped at kMaxPsnrDb.
inline constexpr double kMaxPsnrDb = 100.0;
double psnr_db(uint64_t sse, uint64_t pixels);

}  // namespace packager::quality
