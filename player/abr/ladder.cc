#include "player/abr/ladder.h"

namespace abr {

size_t highest_rung_at_most(std::span<const double> bitrates_bps, double rate_bps) {
  size_t rung = 0;
  for (size_t r = 1; r < bitrates_bps.size(); ++r)
    if (bitrates_bps[r] <= rate_bps) rung = r;
  return rung;
}

size_t rung_for_throughput(std::span<const double> bitrates_bps, double rate_bps, double latency_s,
                           double segment_duration_s) {
  if (!(rate_bps > 0)) return 0;
  size_t rung = 0;
  while (rung + 1 < bitrates_bps.size() &&
         latency_s + segment_duration_s * bitrates_bps[rung + 1] / rate_bps <= segment_duration_s)
    ++rung;
  return rung;
}

}  // namespace abr
