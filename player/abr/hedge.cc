#include "player/abr/hedge.h"

#include <algorithm>
#include <cmath>

#include "player/abr/planner.h"
#include "player/abr/planning_utility.h"
#include "player/abr/segment_abandonment.h"

namespace abr {
namespace {

// Latency samples averaged for the prediction.
constexpr size_t kLatencyWindow = 5;

}  // namespace

Hedge::Hedge(HedgeOptions options)
    : options_(options),
      rates_(std::max<size_t>(options.sample_window, 1)),
      errors_(2 * std::max<size_t>(options.horizon, 1)),
      latencies_(kLatencyWindow) {
  options_.horizon = std::clamp<size_t>(options_.horizon, 1, kMaxPlanHorizon);
}

void Hedge::observe(const SegmentResult& r) {
  if (r.ttfb_s >= 0) latencies_.push(r.ttfb_s);
  if (r.abandoned || !(r.download_s > 0) || !(r.size_bytes > 0)) return;
  const double rate = r.size_bytes / r.download_s;
  if (last_prediction_ > 0) errors_.push(std::fabs(last_prediction_ - rate) / rate);
  rates_.add_rate(rate);
  last_prediction_ = rates_.estimate();
}

double Hedge::rate_bytes_per_s() const {
  double max_error = 0;
  for (size_t i = 0; i < errors_.size(); ++i) max_error = std::max(max_error, errors_[i]);
  return rates_.estimate() / (1 + max_error);
}

double Hedge::latency_s() const {
  if (latencies_.size() == 0) return 0;
  double sum = 0;
  for (size_t i = 0; i < latencies_.size(); ++i) sum += latencies_[i];
  return sum / static_cast<double>(latencies_.size());
}

Decision Hedge::choose(const AbrContext& ctx) {
  Decision d;
  const double rate = rate_bytes_per_s();
  d.estimate_bps = rate * 8;
  const size_t rungs = std::min(ctx.rungs(), kMaxPlanRungs);
  if (!(rate > 0)) {
    d.rung = 0;
    d.reason = make_reason("no throughput sample yet: lowest rung");
    return d;
  }
  const size_t horizon = std::min(options_.horizon, std::max<size_t>(ctx.segments_remaining, 1));
  const double latency = latency_s();
  download_s_.resize(horizon * rungs);
  for (size_t i = 0; i < horizon; ++i)
    for (size_t r = 0; r < rungs; ++r) download_s_[i * rungs + r] = latency + ctx.size_bytes(i, r) / rate;

  const PlanningUtility u = planning_utility(ctx, rungs, horizon, utility_);
  PlanProblem p;
  p.rungs = rungs;
  p.horizon = horizon;
  p.download_s = download_s_;
  p.utility = utility_;
  p.previous_utility = u.previous;
  p.rebuffer_penalty = u.rebuffer_penalty;
  p.start_buffer_s = ctx.buffer_s;
  p.segment_duration_s = ctx.segment_duration_s;
  p.buffer_cap_s = std::max(ctx.buffer_cap_s, ctx.segment_duration_s);
  p.ties = PlanTieRule::kSaferPlan;
  const Plan plan = best_plan(p);
  d.rung = plan.first_rung;
  d.reason = make_reason("hedged rate %.0f kbit/s, latency %.0f ms, buffer %.1f s -> %.1f s in plan", rate * 8 / 1000,
                         latency * 1000, ctx.buffer_s, plan.end_buffer_s);
  return d;
}

std::optional<size_t> Hedge::should_abandon(const DownloadProgress& p, const AbrContext& ctx) {
  return abandon_for_segment_qoe(p, ctx, latency_s());
}

}  // namespace abr
