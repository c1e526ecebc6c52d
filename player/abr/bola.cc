#include "player/abr/bola.h"

#include <algorithm>
#include <cmath>

namespace abr {

std::vector<double> log_utilities(std::span<const double> bitrates_bps, double offset) {
  std::vector<double> u;
  u.reserve(bitrates_bps.size());
  for (double b : bitrates_bps) u.push_back(std::log(b / bitrates_bps[0]) + offset);
  return u;
}

Decision BolaBasic::choose(const AbrContext& ctx) {
  if (utilities_.size() != ctx.rungs()) utilities_ = log_utilities(ctx.bitrates_bps, 0);
  const double p = ctx.segment_duration_s;
  const double q_max = std::max(ctx.buffer_cap_s, 2 * p);
  const double v = (q_max - p) / (utilities_.back() + options_.gamma_p);
  Decision d;
  double best = 0;
  for (size_t m = 0; m < ctx.rungs(); ++m) {
    const double score = (v * (utilities_[m] + options_.gamma_p) - ctx.buffer_s) / ctx.bitrates_bps[m];
    if (m == 0 || score > best) {
      best = score;
      d.rung = m;
    }
  }
  d.wait_s = std::max(0.0, ctx.buffer_s - v * (utilities_[d.rung] + options_.gamma_p));
  d.reason = make_reason("buffer %.2f s, V %.2f s, target %.0f s", ctx.buffer_s, v, q_max);
  return d;
}

}  // namespace abr
