#include "player/abr/mpc.h"

#include <algorithm>

#include "player/abr/planner.h"
#include "player/abr/qoe.h"

namespace abr {

void Mpc::observe(const SegmentResult& r) {
  if (r.abandoned || !(r.size_bytes > 0)) return;
  // bytes / delay_ms / 1000 = MB/s, with the reference's rounding: the
  // delay is transfer_s·1000 + round_trip_ms.
  const double delay_ms = r.download_s * 1000.0 + r.ttfb_s * 1000.0;
  if (!(delay_ms > 0)) return;
  estimator_.add_rate(r.size_bytes / delay_ms / 1000.0);
}

double Mpc::prediction_mbyte_per_s() const {
  return options_.robust ? estimator_.discounted() : estimator_.harmonic();
}

double Mpc::estimate_bps() const { return prediction_mbyte_per_s() * 8e6; }

Decision Mpc::choose(const AbrContext& ctx) {
  Decision d;
  const double prediction = prediction_mbyte_per_s();
  d.estimate_bps = prediction * 8e6;
  const size_t rungs = std::min(ctx.rungs(), kMaxPlanRungs);
  const size_t start = std::min(ctx.last_rung.value_or(0), rungs - 1);
  if (!(prediction > 0)) {
    d.rung = 0;
    d.reason = make_reason("no throughput sample yet: lowest rung");
    return d;
  }
  const size_t horizon = std::min({options_.horizon, ctx.segments_remaining, kMaxPlanHorizon});
  if (horizon == 0) {
    d.rung = start;
    d.reason = make_reason("nothing left to plan");
    return d;
  }
  download_s_.resize(horizon * rungs);
  const size_t shift = options_.reference_quirks ? 1 : 0;
  for (size_t i = 0; i < horizon; ++i) {
    const size_t row = i + shift;
    for (size_t r = 0; r < rungs; ++r) {
      double size = 0;
      if (row < ctx.upcoming_sizes_bytes.rows()) size = ctx.upcoming_sizes_bytes.at(row, r);
      else if (!options_.reference_quirks || ctx.upcoming_sizes_bytes.empty()) size = ctx.size_bytes(row, r);
      download_s_[i * rungs + r] = (size / 1000000.0) / prediction;
    }
  }
  // Utilities in bit/s summed exactly, divided once (the reference sums kbit/s / 1000).
  utility_.resize(horizon * rungs);
  for (size_t i = 0; i < horizon; ++i)
    std::copy_n(ctx.bitrates_bps.begin(), rungs, utility_.begin() + static_cast<ptrdiff_t>(i * rungs));
  PlanProblem p;
  p.rungs = rungs;
  p.horizon = horizon;
  p.download_s = download_s_;
  p.utility = utility_;
  p.previous_utility = ctx.bitrates_bps[start];
  p.utility_divisor = 1e6;
  p.rebuffer_penalty = rebuffer_penalty(QoeMetric::kLin, ctx.bitrates_bps);
  p.start_buffer_s = ctx.buffer_s;
  p.segment_duration_s = ctx.segment_duration_s;
  p.ties = PlanTieRule::kLaterSequence;  // no buffer cap either: the reference's planner has none
  const Plan plan = options_.exhaustive ? best_plan_exhaustive(p) : best_plan(p);
  leaves_ += plan.leaves;
  d.rung = plan.first_rung;
  d.reason = make_reason("prediction %.0f kbit/s, buffer %.1f s, plan of %.0f: reward %.2f", prediction * 8000,
                         ctx.buffer_s, static_cast<double>(horizon), plan.reward);
  return d;
}

}  // namespace abr
