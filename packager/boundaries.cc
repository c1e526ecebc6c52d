#include "packager/boundaries.h"

#include <algorithm>
#include <cmath>

namespace packager {
namespace {

__extension__ typedef __int128 i128;

constexpr int64_t kMicrosPerSecond = 1'000'000;

int64_t ceil_div(i128 a, i128 b) { return static_cast<int64_t>((a + b - 1) / b); }  // a >= 0, b > 0
int64_t round_div(i128 a, i128 b) { return static_cast<int64_t>((2 * a + b) / (2 * b)); }  // a >= 0, b > 0

}  // namespace

int64_t boundary_frame(int64_t k, int64_t segment_duration_us, FrameRate rate) {
  // ceil(k · D · num / den), D in µs.
  return ceil_div(i128(k) * segment_duration_us * rate.num, i128(kMicrosPerSecond) * rate.den);
}

int64_t segment_of_frame(int64_t n, int64_t segment_duration_us, FrameRate rate) {
  // floor(n / (D · fps)), then corrected for the rounding of the boundaries.
  int64_t k = static_cast<int64_t>((i128(n) * kMicrosPerSecond * rate.den) / (i128(segment_duration_us) * rate.num));
  while (k > 0 && boundary_frame(k, segment_duration_us, rate) > n) --k;
  while (boundary_frame(k + 1, segment_duration_us, rate) <= n) ++k;
  return k;
}

bool is_boundary_frame(int64_t n, int64_t segment_duration_us, FrameRate rate) {
  if (n == 0) return true;
  // The segment containing frame n starts at frame boundary_frame(k) with
  // k = floor(n / (D · fps)); n is a boundary if it equals that start.
  const int64_t k = static_cast<int64_t>((i128(n) * kMicrosPerSecond * rate.den) /
                                         (i128(segment_duration_us) * rate.num));
  return boundary_frame(k, segment_duration_us, rate) == n;
}

int64_t audio_cut_for_video_frame(int64_t frame, FrameRate rate, int64_t sample_rate, int64_t frame_size) {
  // round(frame · den · sample_rate / (num · frame_size)) audio frames.
  return round_div(i128(frame) * rate.den * sample_rate, i128(rate.num) * frame_size) * frame_size;
}

int64_t audio_cut_for_segment(int64_t k, int64_t segment_duration_us, int64_t sample_rate, int64_t frame_size) {
  return round_div(i128(k) * segment_duration_us * sample_rate, i128(kMicrosPerSecond) * frame_size) * frame_size;
}

int64_t video_timescale(FrameRate rate) {
  constexpr int64_t kPreferred = 90000;
  if ((i128(kPreferred) * rate.den) % rate.num == 0) return kPreferred;
  // num ticks per second make each frame last `den` ticks; scale up to at least 10 kHz.
  int64_t timescale = rate.num;
  while (timescale < 10000) timescale += rate.num;
  return timescale;
}

}  // namespace packager

namespace packager {

FrameRate normalize_frame_rate(double fps) {
  constexpr double kDefaultFps = 25;
  constexpr double kMaxFps = 240;
  constexpr double kSnapTolerance = 0.002;
  if (!(fps > 0) || fps > kMaxFps) fps = kDefaultFps;
  constexpr FrameRate kCommon[] = {{24000, 1001}, {24, 1},    {25, 1},  {30000, 1001}, {30, 1},
                                   {48, 1},       {50, 1},    {60000, 1001}, {60, 1}, {100, 1},
                                   {120000, 1001}, {120, 1}};
  // The closest broadcast rate within tolerance (30 must not become 29.97).
  const FrameRate* best = nullptr;
  for (const auto& r : kCommon)
    if (std::abs(r.fps() - fps) <= r.fps() * kSnapTolerance &&
        (best == nullptr || std::abs(r.fps() - fps) < std::abs(best->fps() - fps)))
      best = &r;
  if (best != nullptr) return *best;
  const double whole = std::round(fps);
  if (std::abs(whole - fps) < 0.01 && whole >= 1) return {static_cast<int64_t>(whole), 1};
  return {std::max<int64_t>(1, std::llround(fps * 1001)), 1001};
}

}  // namespace packager
