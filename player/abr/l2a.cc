#include "player/abr/l2a.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "player/abr/ladder.h"

namespace abr {
namespace {

// dash.js clamps the measured throughput at 1 kbit/s: an outage must not divide by 0.
constexpr double kMinThroughputBps = 1000;

}  // namespace

std::vector<double> project_to_simplex(const std::vector<double>& v) {
  std::vector<double> sorted = v;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  // θ from the largest k with sorted[k−1] − (Σ_{j<k} sorted[j] − 1)/k > 0.
  double sum = 0, theta = 0;
  for (size_t k = 0; k < sorted.size(); ++k) {
    sum += sorted[k];
    const double t = (sum - 1) / static_cast<double>(k + 1);
    if (sorted[k] - t > 0) theta = t;
  }
  std::vector<double> x(v.size());
  for (size_t i = 0; i < v.size(); ++i) x[i] = std::max(v[i] - theta, 0.0);
  return x;
}

L2a::L2a(L2aOptions options)
    : options_(options),
      v_l_(std::pow(options.horizon, 0.99)),
      alpha_(std::max(options.horizon, v_l_ * std::sqrt(options.horizon))) {}

void L2a::observe(const SegmentResult& result) {
  if (result.download_s > 0 && result.size_bytes > 0) estimate_.add_sample(result.size_bytes, result.download_s);
  if (result.abandoned) return;
  ++segments_;
  last_rung_ = result.rung;
  last_segment_s_ = result.segment_duration_s;
  if (result.download_s > 0) last_throughput_bps_ = result.size_bytes * 8 / result.download_s;
}

Decision L2a::choose(const AbrContext& ctx) {
  if (w_.size() != ctx.rungs()) {  // a new ladder: start over
    steady_ = false;
    w_.assign(ctx.rungs(), 0);
  }
  return steady_ ? steady_step(ctx) : startup(ctx);
}

Decision L2a::startup(const AbrContext& ctx) {
  Decision d;
  d.estimate_bps = estimate_.estimate_bps();
  if (d.estimate_bps <= 0) {
    d.rung = 0;
    d.reason = make_reason("l2a start-up: no throughput yet");
    return d;
  }
  const double safe_bps = options_.safety_factor * d.estimate_bps;
  d.rung = highest_rung_at_most(ctx.bitrates_bps, safe_bps);
  last_rung_ = d.rung;
  const double target_s = ctx.live ? std::min(options_.buffer_target_s, ctx.buffer_cap_s / 2) : options_.buffer_target_s;
  if (segments_ > 0 && ctx.buffer_s >= target_s) {
    steady_ = true;
    q_ = v_l_;
    std::fill(w_.begin(), w_.end(), 0.0);
    w_[d.rung] = 1;
  }
  d.reason = make_reason("l2a start-up: 0.9 x %.0f kbit/s, buffer %.2f s of %.2f", d.estimate_bps / 1000, ctx.buffer_s,
                         target_s);
  return d;
}

Decision L2a::steady_step(const AbrContext& ctx) {
  const size_t n = ctx.rungs();
  const double c_kbps = std::max(last_throughput_bps_, kMinThroughputBps) / 1000;  // dash.js works in kbit/s
  const double v_s = last_segment_s_ > 0 ? last_segment_s_ : ctx.segment_duration_s;
  // ρ R_i: sessions pass bitrates already multiplied by the playback rate
  // (player/session StreamLoader::context, the live simulator), so ρ = 1 here.
  constexpr double rho = 1;
  std::vector<double> r_kbps(n), w(n);
  double sign = 1;
  for (size_t i = 0; i < n; ++i) {
    r_kbps[i] = ctx.bitrates_bps[i] / 1000;
    if (rho * r_kbps[i] > c_kbps) sign = -1;  // this rung would drain the buffer: less weight (and all above it)
    w[i] = w_[i] + sign * (v_s / (2 * alpha_)) * (q_ + v_l_) * (rho * r_kbps[i] / c_kbps);
  }
  w = project_to_simplex(w);
  double rw = 0, rdiff = 0;
  for (size_t i = 0; i < n; ++i) {
    rw += r_kbps[i] * w[i];
    rdiff += r_kbps[i] * (w[i] - w_[i]);
  }
  w_ = w;
  q_ = std::max(0.0, q_ - v_s + v_s * rho * (rw + rdiff) / c_kbps);

  size_t rung = 0;
  for (size_t i = 1; i < n; ++i)
    if (std::fabs(r_kbps[i] - rw) < std::fabs(r_kbps[rung] - rw)) rung = i;
  // Cautious ascent, as dash.js writes it: one rung up when the next one fits.
  if (rung > last_rung_ && last_rung_ + 1 < n && r_kbps[last_rung_ + 1] <= c_kbps) rung = last_rung_ + 1;
  // Provision against over-estimation: a rung at or above the throughput makes the next step more careful.
  if (r_kbps[rung] >= c_kbps) q_ = options_.react * std::max(v_l_, q_);
  last_rung_ = rung;

  Decision d;
  d.rung = rung;
  d.estimate_bps = c_kbps * 1000;
  d.reason = make_reason("l2a: R.w %.0f kbit/s, last %.0f kbit/s, Q %.2f, rate %.2f", rw, c_kbps, q_,
                         ctx.playback_rate);
  return d;
}

}  // namespace abr
