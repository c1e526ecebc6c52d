// QoE of a played session, with the ABR bench's definitions.
#pragma once

#include <vector>

namespace player {

struct QoeScores {
  double lin = 0;
  double log = 0;
  double hd = 0;
};

// Per-chunk means over chunks 1..N−1 of the chosen bitrates and the stall
// time while each chunk downloaded; `ladder_bps` (lowest first) anchors the
// log and HD mappings.
QoeScores qoe_scores(const std::vector<double>& chunk_bitrates_bps, const std::vector<double>& chunk_rebuffer_s,
                     const std::vector<double>& ladder_bps);

}  // namespace player
