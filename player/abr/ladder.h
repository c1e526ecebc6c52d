// Small pure functions over a bitrate ladder (lowest first).
#pragma once

#include <cstddef>
#include <span>

namespace abr {

// The highest rung whose bitrate is at most `rate_bps` (rung 0 if none is).
size_t highest_rung_at_most(std::span<const double> bitrates_bps, double rate_bps);

// The highest rung that downloads within one segment duration at `rate_bps`
// once a request latency is paid: latency + duration × bitrate / rate ≤ duration
// (Sabre's quality_from_throughput; dash.js removes the same "dead time").
size_t rung_for_throughput(std::span<const double> bitrates_bps, double rate_bps, double latency_s,
                           double segment_duration_s);

}  // namespace abr
