#include "player/abr/planning_utility.h"

#include <algorithm>

#include "player/abr/qoe.h"

namespace abr {
namespace {

// PSNR ranks the rungs only when it does not fall from one rung to the next.
bool quality_ranks_rungs(const RungTable& quality, size_t rows) {
  for (size_t i = 0; i < rows; ++i)
    for (size_t r = 1; r < quality.rungs; ++r)
      if (quality.at(i, r) < quality.at(i, r - 1)) return false;
  return true;
}

}  // namespace

PlanningUtility planning_utility(const AbrContext& ctx, size_t rungs, size_t horizon, std::vector<double>& utility) {
  PlanningUtility out;
  utility.resize(horizon * rungs);
  const size_t last = std::min(ctx.last_rung.value_or(0), rungs - 1);
  const double r_min = ctx.bitrates_bps.front(), r_max = ctx.bitrates_bps.back();
  const RungTable& q = ctx.upcoming_quality_db;
  double span = 0;
  if (q.rows() >= horizon && q.rungs == ctx.rungs() && quality_ranks_rungs(q, horizon)) {
    for (size_t i = 0; i < horizon; ++i) span += q.at(i, q.rungs - 1) - q.at(i, 0);
    span /= static_cast<double>(horizon);
  }
  if (span > 0 && r_max > r_min) {
    for (size_t i = 0; i < horizon; ++i)
      for (size_t r = 0; r < rungs; ++r) utility[i * rungs + r] = q.at(i, r);
    out.previous = q.at(0, last);
    out.rebuffer_penalty = span * r_max / (r_max - r_min);
    out.quality = true;
    return out;
  }
  for (size_t i = 0; i < horizon; ++i)
    for (size_t r = 0; r < rungs; ++r) utility[i * rungs + r] = ctx.bitrates_bps[r] / 1e6;
  out.previous = ctx.bitrates_bps[last] / 1e6;
  out.rebuffer_penalty = rebuffer_penalty(QoeMetric::kLin, ctx.bitrates_bps);
  return out;
}

}  // namespace abr
