// The insufficient-buffer cap of dash.js (InsufficientBufferRule): a segment
// should download before the buffer runs out, with a safety margin, so the
// bitrate may not exceed estimate × factor × buffer_s / segment_s. It bounds
// whatever BBA, BOLA or MPC propose; min_rung() is the combiner.
#pragma once

#include <cstddef>
#include <span>

namespace abr {

// dash.js's INSUFFICIENT_BUFFER_SAFETY_FACTOR: only half the estimate is trusted.
inline constexpr double kInsufficientBufferFactor = 0.5;

struct BufferCap {
  double max_bitrate_bps = 0;  // the cap itself
  size_t rung = 0;             // the highest rung at or below it (0 if none)
};

// requires: segment_duration_s > 0, !bitrates_bps.empty().
BufferCap insufficient_buffer_cap(std::span<const double> bitrates_bps, double estimate_bps, double buffer_s,
                                  double segment_duration_s, double factor = kInsufficientBufferFactor);

// Combines a proposal with a cap: the lower rung wins.
inline size_t min_rung(size_t proposed, const BufferCap& cap) { return proposed < cap.rung ? proposed : cap.rung; }

}  // namespace abr
