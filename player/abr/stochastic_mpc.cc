#include "player/abr/stochastic_mpc.h"

#include <algorithm>

#include "player/abr/planning_utility.h"
#include "player/abr/segment_abandonment.h"

namespace abr {

Decision StochasticMpc::choose(const AbrContext& ctx) {
  Decision d;
  const double rate = forecast_.rate_bytes_per_s();
  d.estimate_bps = rate * 8;
  if (!(rate > 0)) {
    d.rung = 0;
    d.reason = make_reason("no throughput sample yet: lowest rung");
    return d;
  }
  const size_t rungs = ctx.rungs();
  const size_t horizon = std::clamp<size_t>(ctx.segments_remaining, 1, std::max<size_t>(options_.horizon, 1));
  sizes_.resize(horizon * rungs);
  for (size_t i = 0; i < horizon; ++i)
    for (size_t r = 0; r < rungs; ++r) sizes_[i * rungs + r] = ctx.size_bytes(i, r);
  forecast_.scenario_rates(horizon, rates_);
  const PlanningUtility u = planning_utility(ctx, rungs, horizon, utility_);

  BufferDpProblem p;
  p.rungs = rungs;
  p.horizon = horizon;
  p.size_bytes = sizes_;
  p.utility = utility_;
  p.rates = rates_;
  p.weights = ThroughputForecast::scenario_weights();
  p.previous_utility = u.previous;
  p.rebuffer_penalty = u.rebuffer_penalty;
  p.start_buffer_s = ctx.buffer_s;
  p.segment_duration_s = ctx.segment_duration_s;
  p.buffer_cap_s = ctx.buffer_cap_s;
  p.latency_s = forecast_.latency_s();
  p.buffer_step_s = options_.buffer_step_s;
  const BufferDpPlan plan = dp_.solve(p);
  d.rung = plan.first_rung;
  d.reason = make_reason("predicted %.0f kbit/s (error scale %.2f), buffer %.1f s, first download stalls with p=%.2f",
                         rate * 8 / 1000, forecast_.error_scale(), ctx.buffer_s, plan.stall_probability);
  return d;
}

std::optional<size_t> StochasticMpc::should_abandon(const DownloadProgress& progress, const AbrContext& ctx) {
  return abandon_for_segment_qoe(progress, ctx, forecast_.latency_s());
}

}  // namespace abr
