// Interim QoE until the ABR bench's metrics land: QoE_lin and QoE_log as in
// abr-reference/REFERENCE-MODEL.md; HD left at 0.
#include "player/session/qoe_bridge.h"

#include <cmath>

namespace player {

QoeScores qoe_scores(const std::vector<double>& bitrates_bps, const std::vector<double>& rebuffer_s,
                     const std::vector<double>& ladder_bps) {
  QoeScores q;
  if (bitrates_bps.size() < 2 || ladder_bps.empty()) return q;
  const double r_min = ladder_bps.front() / 1e6;
  for (size_t n = 1; n < bitrates_bps.size(); ++n) {
    double r = bitrates_bps[n] / 1e6, prev = bitrates_bps[n - 1] / 1e6;
    q.lin += r - 4.3 * rebuffer_s[n] - std::fabs(r - prev);
    q.log += std::log(r / r_min) - 2.66 * rebuffer_s[n] - std::fabs(std::log(r / r_min) - std::log(prev / r_min));
  }
  q.lin /= double(bitrates_bps.size() - 1);
  q.log /= double(bitrates_bps.size() - 1);
  return q;
}

}  // namespace player
