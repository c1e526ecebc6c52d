// QoE of a played session through the ABR library's definitions
// (player/abr/qoe.h), so that the player and dash-abr-bench report the same
// numbers for the same chunks.
#include "player/session/qoe_bridge.h"

#include "player/abr/qoe.h"

namespace player {

QoeScores qoe_scores(const std::vector<double>& bitrates_bps, const std::vector<double>& rebuffer_s,
                     const std::vector<double>& ladder_bps) {
  const abr::QoeScores q = abr::qoe_per_chunk_from_bitrates(bitrates_bps, rebuffer_s, ladder_bps);
  return {q.lin, q.log, q.hd};
}

}  // namespace player
