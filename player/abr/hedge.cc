#include "player/abr/hedge.h"

#include <algorithm>
#include <cmath>

#include "player/abr/lookahead_planner.h"
#include "player/abr/qoe.h"

namespace abr {
namespace {

// Latency samples averaged for the prediction.
constexpr size_t kLatencyWindow = 5;
// Abandonment: a download is judged only after this much transfer time, so
// that the rate measured from it means something (Sabre waits 0.5 s too).
constexpr double kAbandonJudgeAfterS = 0.5;

// The packager's PSNR is x264's, each rung measured at its own resolution, so
// a small rung can score higher than a sharper big one. Such scores rank the
// rungs only when they do not fall from one rung to the next; otherwise the
// bitrate is the better proxy for what the viewer sees.
bool quality_ranks_rungs(const RungTable& quality, size_t rows) {
  for (size_t i = 0; i < rows; ++i)
    for (size_t r = 1; r < quality.rungs; ++r)
      if (quality.at(i, r) < quality.at(i, r - 1)) return false;
  return true;
}

}  // namespace

Hedge::Hedge(HedgeOptions options)
    : options_(options),
      rates_(std::max<size_t>(options.sample_window, 1)),
      errors_(2 * std::max<size_t>(options.horizon, 1)),
      latencies_(kLatencyWindow) {
  options_.horizon = std::clamp<size_t>(options_.horizon, 1, kMaxLookahead);
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
  const size_t rungs = ctx.rungs();
  const size_t last = std::min(ctx.last_rung.value_or(0), rungs - 1);
  if (!(rate > 0)) {
    d.rung = 0;
    d.reason = make_reason("no throughput sample yet: lowest rung");
    return d;
  }
  const size_t horizon = std::min(options_.horizon, std::max<size_t>(ctx.segments_remaining, 1));
  const double latency = latency_s();
  download_s_.resize(horizon * rungs);
  utility_.resize(horizon * rungs);
  for (size_t i = 0; i < horizon; ++i)
    for (size_t r = 0; r < rungs; ++r) download_s_[i * rungs + r] = latency + ctx.size_bytes(i, r) / rate;

  LookaheadProblem p;
  p.rungs = rungs;
  p.horizon = horizon;
  p.start_buffer_s = ctx.buffer_s;
  p.segment_duration_s = ctx.segment_duration_s;
  p.buffer_cap_s = std::max(ctx.buffer_cap_s, ctx.segment_duration_s);
  const double r_min = ctx.bitrates_bps.front(), r_max = ctx.bitrates_bps.back();
  // Quality-aware when PSNR is known for every planned segment, spans a
  // range and ranks the rungs (see quality_ranks_rungs).
  double span = 0;
  const bool have_quality = ctx.upcoming_quality_db.rows() >= horizon && ctx.upcoming_quality_db.rungs == rungs &&
                            quality_ranks_rungs(ctx.upcoming_quality_db, horizon);
  if (have_quality) {
    for (size_t i = 0; i < horizon; ++i)
      span += ctx.upcoming_quality_db.at(i, rungs - 1) - ctx.upcoming_quality_db.at(i, 0);
    span /= static_cast<double>(horizon);
  }
  if (have_quality && span > 0 && r_max > r_min) {
    for (size_t i = 0; i < horizon; ++i)
      for (size_t r = 0; r < rungs; ++r) utility_[i * rungs + r] = ctx.upcoming_quality_db.at(i, r);
    p.previous_utility = ctx.upcoming_quality_db.at(0, last);
    p.rebuffer_penalty = span * r_max / (r_max - r_min);
  } else {
    for (size_t i = 0; i < horizon; ++i)
      for (size_t r = 0; r < rungs; ++r) utility_[i * rungs + r] = ctx.bitrates_bps[r] / 1e6;
    p.previous_utility = ctx.bitrates_bps[last] / 1e6;
    p.rebuffer_penalty = rebuffer_penalty(QoeMetric::kLin, ctx.bitrates_bps);
  }
  p.download_s = download_s_;
  p.utility = utility_;
  const LookaheadPlan plan = plan_lookahead(p);
  d.rung = plan.first_rung;
  d.reason = make_reason("hedged rate %.0f kbit/s, latency %.0f ms, buffer %.1f s -> %.1f s in plan", rate * 8 / 1000,
                         latency * 1000, ctx.buffer_s, plan.end_buffer_s);
  return d;
}

std::optional<size_t> Hedge::should_abandon(const DownloadProgress& p, const AbrContext& ctx) {
  const double transfer_s = p.elapsed_s - p.ttfb_s;
  if (p.rung == 0 || p.rung >= ctx.rungs() || ctx.state == PlaybackState::kStartup || ctx.state == PlaybackState::kPaused ||
      transfer_s < kAbandonJudgeAfterS || p.received_bytes <= 0 || p.received_bytes >= p.size_bytes)
    return std::nullopt;
  // Compare this segment's QoE term (bitrate utility, switch from the
  // previous segment, stall at the measured rate) for carrying on against
  // restarting lower; the time already spent is the same either way.
  const double rate = p.received_bytes / transfer_s;
  const double mu = rebuffer_penalty(QoeMetric::kLin, ctx.bitrates_bps);
  const double previous = ctx.bitrates_bps[std::min(ctx.last_rung.value_or(p.rung), ctx.top_rung())] / 1e6;
  auto term = [&](size_t rung, double seconds) {
    const double u = ctx.bitrates_bps[rung] / 1e6;
    return u - std::fabs(u - previous) - mu * std::max(0.0, seconds - p.buffer_s);
  };
  const double carry_on = term(p.rung, (p.size_bytes - p.received_bytes) / rate);
  const double latency = latency_s();
  std::optional<size_t> best;
  double best_value = carry_on;
  const double current = ctx.bitrates_bps[p.rung] / 1e6;
  for (size_t r = 0; r < p.rung; ++r) {
    // Dropping for one segment also means switching back up after it.
    const double back_up = current - ctx.bitrates_bps[r] / 1e6;
    const double value = term(r, latency + ctx.size_bytes(0, r) / rate) - back_up;
    if (value > best_value) {
      best_value = value;
      best = r;
    }
  }
  return best;
}

}  // namespace abr
