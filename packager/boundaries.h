// The segment boundary rule shared by every representation: segment k
// (0-based) covers [k·D, (k+1)·D) and begins at the first frame at or after
// k·D. Video frames are forced to be key frames at exactly those instants in
// every rung, so all rungs cut at the same frame; audio is cut at the AAC
// frame nearest to the video cut (within half an audio frame).
// Pure integer arithmetic (no libav*), so alignment is exact, not rounded.
#pragma once

#include <cstdint>

namespace packager {

struct FrameRate {
  int64_t num = 0;  // frames per `den` seconds, e.g. 30000/1001
  int64_t den = 1;
  bool operator==(const FrameRate&) const = default;
  double fps() const { return double(num) / double(den); }
};

// Index of the first video frame of segment k (frame n starts at n/fps s).
int64_t boundary_frame(int64_t k, int64_t segment_duration_us, FrameRate rate);

// The segment k that frame n belongs to: boundary_frame(k) <= n < boundary_frame(k + 1).
int64_t segment_of_frame(int64_t n, int64_t segment_duration_us, FrameRate rate);

// True when frame n begins a segment (n = boundary_frame(k) for some k).
bool is_boundary_frame(int64_t n, int64_t segment_duration_us, FrameRate rate);

// Start (in samples at `sample_rate`) of the audio frame nearest to the
// instant `frame / rate` (a video cut); audio frames are `frame_size` long.
int64_t audio_cut_for_video_frame(int64_t frame, FrameRate rate, int64_t sample_rate, int64_t frame_size);

// Audio-only: the audio frame nearest to k·D.
int64_t audio_cut_for_segment(int64_t k, int64_t segment_duration_us, int64_t sample_rate, int64_t frame_size);

// A video timescale in which every frame lasts a whole number of ticks:
// 90000 when it divides evenly (25, 29.97, 30, 50, 60 fps), else a multiple
// of the rate's numerator (e.g. 24000 for 23.976).
int64_t video_timescale(FrameRate rate);

}  // namespace packager

namespace packager {

// A frame rate as a small rational: within 0.2% of a broadcast rate (23.976,
// 29.97, 59.94, 24, 25, 30, 50, 60, ...) it snaps to it; otherwise the
// nearest n/1 or n/1001. Non-finite or non-positive input gives 25.
FrameRate normalize_frame_rate(double fps);

}  // namespace packager
