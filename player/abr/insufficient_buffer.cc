#include "player/abr/insufficient_buffer.h"

#include <algorithm>

#include "player/abr/ladder.h"

namespace abr {

BufferCap insufficient_buffer_cap(std::span<const double> bitrates_bps, double estimate_bps, double buffer_s,
                                  double segment_duration_s, double factor) {
  BufferCap cap;
  cap.max_bitrate_bps = std::max(0.0, estimate_bps * factor * buffer_s / segment_duration_s);
  cap.rung = highest_rung_at_most(bitrates_bps, cap.max_bitrate_bps);
  return cap;
}

}  // namespace abr
