// Segment boundaries: exact integer arithmetic for fractional frame rates,
// audio cuts within half an AAC frame of the video cut.
#include "packager/boundaries.h"

#include <gtest/gtest.h>

#include <cmath>

#include "packager/frame_rate_converter.h"

namespace packager {
namespace {

constexpr int64_t kFourSecondsUs = 4'000'000;
constexpr FrameRate kNtsc{30000, 1001};

TEST(Boundaries, WholeFrameRates) {
  EXPECT_EQ(boundary_frame(0, kFourSecondsUs, {30, 1}), 0);
  EXPECT_EQ(boundary_frame(1, kFourSecondsUs, {30, 1}), 120);
  EXPECT_EQ(boundary_frame(3, kFourSecondsUs, {25, 1}), 300);
  EXPECT_EQ(boundary_frame(1, 2'500'000, {24, 1}), 60);
}

TEST(Boundaries, NtscRatesRoundUpToTheFirstFrameAtOrAfter) {
  // 4 s at 29.97 fps is 119.88 frames: segments start at frames 120, 240 (239.76), 360 (359.64), 480 (479.52)...
  EXPECT_EQ(boundary_frame(1, kFourSecondsUs, kNtsc), 120);
  EXPECT_EQ(boundary_frame(2, kFourSecondsUs, kNtsc), 240);
  EXPECT_EQ(boundary_frame(5, kFourSecondsUs, kNtsc), 600);
  EXPECT_EQ(boundary_frame(9, kFourSecondsUs, kNtsc), 1079);  // 1078.92
  for (int64_t k = 0; k < 500; ++k) {
    const int64_t n = boundary_frame(k, kFourSecondsUs, kNtsc);
    EXPECT_GE(n * 1001.0 / 30000.0, 4.0 * k - 1e-9);
    EXPECT_LT((n - 1) * 1001.0 / 30000.0, 4.0 * k);
  }
}

TEST(Boundaries, IsBoundaryFrameAgreesWithBoundaryFrame) {
  for (FrameRate rate : {FrameRate{30, 1}, kNtsc, FrameRate{25, 1}, FrameRate{24000, 1001}, FrameRate{60, 1}}) {
    int64_t k = 1;
    for (int64_t n = 0; n < 3000; ++n) {
      const bool expected = n == 0 || n == boundary_frame(k, kFourSecondsUs, rate);
      if (n == boundary_frame(k, kFourSecondsUs, rate)) ++k;
      EXPECT_EQ(is_boundary_frame(n, kFourSecondsUs, rate), expected) << n << " at " << rate.fps();
    }
  }
}

TEST(Boundaries, AudioCutsAreWithinHalfAnAacFrame) {
  for (int64_t k = 1; k < 200; ++k) {
    const int64_t frame = boundary_frame(k, kFourSecondsUs, kNtsc);
    const int64_t cut = audio_cut_for_video_frame(frame, kNtsc, 48000, 1024);
    EXPECT_EQ(cut % 1024, 0);
    EXPECT_LE(std::abs(cut / 48000.0 - frame * 1001.0 / 30000.0), 512 / 48000.0 + 1e-9);
  }
  EXPECT_EQ(audio_cut_for_segment(1, kFourSecondsUs, 48000, 1024), 188 * 1024);  // 187.5 frames rounds up
  EXPECT_EQ(audio_cut_for_video_frame(120, {30, 1}, 48000, 1), 192000);
}

TEST(Boundaries, VideoTimescaleGivesWholeFrameDurations) {
  EXPECT_EQ(video_timescale({30, 1}), 90000);
  EXPECT_EQ(video_timescale(kNtsc), 90000);
  EXPECT_EQ(video_timescale({25, 1}), 90000);
  EXPECT_EQ(video_timescale({24000, 1001}), 24000);
  for (FrameRate r : {FrameRate{7, 1}, FrameRate{11, 1}, FrameRate{12345, 1001}}) {
    const int64_t ts = video_timescale(r);
    EXPECT_GE(ts, 10000);
    EXPECT_EQ(ts * r.den % r.num, 0) << r.num << "/" << r.den;
  }
}

TEST(Boundaries, NormalizeFrameRateSnapsToBroadcastRates) {
  EXPECT_EQ(normalize_frame_rate(29.97), kNtsc);
  EXPECT_EQ(normalize_frame_rate(29.970029), kNtsc);
  EXPECT_EQ(normalize_frame_rate(23.976), (FrameRate{24000, 1001}));
  EXPECT_EQ(normalize_frame_rate(25.0), (FrameRate{25, 1}));
  EXPECT_EQ(normalize_frame_rate(30.0), (FrameRate{30, 1}));
  EXPECT_EQ(normalize_frame_rate(59.94), (FrameRate{60000, 1001}));
  EXPECT_EQ(normalize_frame_rate(60.0), (FrameRate{60, 1}));
  EXPECT_EQ(normalize_frame_rate(15.0), (FrameRate{15, 1}));
  EXPECT_EQ(normalize_frame_rate(0), (FrameRate{25, 1}));
  EXPECT_EQ(normalize_frame_rate(NAN), (FrameRate{25, 1}));
  EXPECT_EQ(normalize_frame_rate(90000), (FrameRate{25, 1}));
  EXPECT_NEAR(normalize_frame_rate(12.345).fps(), 12.345, 0.001);
}

TEST(FrameRateConverter, ConstantInputPassesThrough) {
  FrameRateConverter c;
  EXPECT_EQ(c.push(0), 0);
  for (int64_t i = 1; i < 10; ++i) {
    EXPECT_EQ(c.pending_index(), i - 1);
    EXPECT_EQ(c.push(i), 1);
  }
  EXPECT_EQ(c.finish(), 1);
  EXPECT_EQ(c.pending_index(), 9);
}

TEST(FrameRateConverter, GapsDuplicateAndCrowdsDrop) {
  FrameRateConverter c;
  EXPECT_EQ(c.push(0), 0);
  EXPECT_EQ(c.push(3), 3);  // frame 0 shown for 0, 1, 2
  EXPECT_EQ(c.push(3), 0);  // same slot: the newer frame replaces it
  EXPECT_EQ(c.push(std::nullopt), 1);  // unknown timestamp: the next slot
  EXPECT_EQ(c.pending_index(), 4);
  EXPECT_EQ(c.push(2), 0);  // going backwards never emits
  EXPECT_EQ(c.push(5), 1);
}

TEST(Boundaries, SegmentOfFrameInvertsBoundaryFrame) {
  for (FrameRate rate : {FrameRate{30, 1}, FrameRate{30000, 1001}, FrameRate{25, 1}, FrameRate{24000, 1001}}) {
    for (int64_t segment_us : {2'000'000, 4'000'000, 4'004'000, 1'500'000}) {
      for (int64_t k = 0; k < 50; ++k) {
        const int64_t first = boundary_frame(k, segment_us, rate), next = boundary_frame(k + 1, segment_us, rate);
        EXPECT_EQ(segment_of_frame(first, segment_us, rate), k) << rate.fps() << " " << segment_us;
        EXPECT_EQ(segment_of_frame(next - 1, segment_us, rate), k) << rate.fps() << " " << segment_us;
      }
    }
  }
}

}  // namespace
}  // namespace packager
