#include "player/abr/bola_e.h"

#include <algorithm>
#include <cmath>

#include "player/abr/bola.h"
#include "player/abr/insufficient_buffer.h"
#include "player/abr/ladder.h"

namespace abr {
namespace {

constexpr double kMinimumBufferS = 10;          // BOLA-E's minimum buffer target
constexpr double kMinimumBufferPerRungS = 2;    // ... plus this much per rung
constexpr double kBufferFactorInitial = 0.9;    // insufficient-buffer factor, decaying
constexpr double kBufferFactorFloor = 0.5;

}  // namespace

BolaEParameters bola_e_parameters(std::span<const double> bitrates_bps, double buffer_cap_s) {
  BolaEParameters p;
  p.utilities = log_utilities(bitrates_bps, 1);
  p.target_s = std::max(kMinimumBufferS + kMinimumBufferPerRungS * static_cast<double>(bitrates_bps.size()),
                        buffer_cap_s);
  const double top_utility = p.utilities.back();
  // A one-rung ladder has u_M = 1: any positive γp works.
  p.gamma_p = top_utility > 1 ? (top_utility - 1) / (p.target_s / kMinimumBufferS - 1) : 1;
  p.v_s = kMinimumBufferS / p.gamma_p;
  return p;
}

void BolaE::update_parameters(const AbrContext& ctx) {
  if (params_cap_s_ == ctx.buffer_cap_s && ladder_bps_.size() == ctx.rungs() &&
      std::equal(ladder_bps_.begin(), ladder_bps_.end(), ctx.bitrates_bps.begin()))
    return;
  ladder_bps_.assign(ctx.bitrates_bps.begin(), ctx.bitrates_bps.end());
  params_cap_s_ = ctx.buffer_cap_s;
  params_ = bola_e_parameters(ctx.bitrates_bps, ctx.buffer_cap_s);
}

size_t BolaE::rung_from_buffer(double level_s, std::span<const double> bitrates_bps) const {
  size_t rung = 0;
  double best = 0;
  for (size_t m = 0; m < bitrates_bps.size(); ++m) {
    const double score = (params_.v_s * (params_.utilities[m] + params_.gamma_p) - level_s) / bitrates_bps[m];
    if (m == 0 || score > best) {
      best = score;
      rung = m;
    }
  }
  return rung;
}

// The buffer level above which BOLA prefers `rung` to every lower rung.
double BolaE::min_buffer_for(size_t rung, std::span<const double> bitrates_bps) const {
  const double b = bitrates_bps[rung], u = params_.utilities[rung];
  double level = 0;
  for (size_t q = 0; q < rung; ++q) {
    if (params_.utilities[q] >= u) continue;
    const double bq = bitrates_bps[q], uq = params_.utilities[q];
    level = std::max(level, params_.v_s * (params_.gamma_p + (b * uq - bq * u) / (b - bq)));
  }
  return level;
}

double BolaE::max_buffer_for(size_t rung) const {
  return params_.v_s * (params_.utilities[rung] + params_.gamma_p);
}

void BolaE::observe(const SegmentResult& r) {
  if (!r.abandoned && r.download_s > 0) {
    throughput_.add_sample(r.size_bytes, r.download_s);
    latency_.add_sample(r.ttfb_s, r.segment_duration_s);
  }
  if (params_.utilities.empty()) return;  // no decision made yet (Sabre skips the first segment too)
  const size_t rung = std::min(r.rung, ladder_bps_.size() - 1);
  if (!r.abandoned) {
    // Keep the placeholder between the levels at which BOLA would pick this rung.
    last_rung_ = rung;
    const double level_was = r.buffer_after_s + r.total_s();
    placeholder_s_ = std::min(placeholder_s_, std::max(0.0, max_buffer_for(rung) - level_was));
    if (r.buffer_after_s > 0)
      placeholder_s_ = std::max(placeholder_s_, min_buffer_for(rung, ladder_bps_) - level_was);
  } else {
    // Something went wrong: lower the placeholder to a careful level.
    const size_t to = abandon_to_.value_or(0);
    const double want = to > 0 ? min_buffer_for(to, ladder_bps_) : kMinimumBufferS;
    placeholder_s_ = std::min(placeholder_s_, std::max(0.0, want - r.buffer_after_s));
    last_rung_ = to;
  }
  abandon_to_.reset();
}

Decision BolaE::choose(const AbrContext& ctx) {
  update_parameters(ctx);
  const auto& rates = ctx.bitrates_bps;
  const double buffer = ctx.buffer_s;
  placeholder_s_ += ctx.waited_s;  // a full buffer's wait keeps the effective level

  Decision d;
  const double estimate = throughput_.estimate_bps();
  d.estimate_bps = estimate;
  const double latency = latency_.estimate_s();
  if (!steady_) {
    if (estimate <= 0) {
      d.rung = last_rung_;
      d.reason = make_reason("start-up without a throughput sample: rung %.0f", static_cast<double>(last_rung_));
      return d;
    }
    steady_ = true;
    buffer_factor_ = kBufferFactorInitial;
    d.rung = rung_for_throughput(rates, estimate, latency, ctx.segment_duration_s);
    placeholder_s_ = std::max(0.0, min_buffer_for(d.rung, rates) - buffer);
    last_rung_ = d.rung;
    d.reason = make_reason("start-up: throughput %.0f kbit/s, placeholder %.1f s", estimate / 1000, placeholder_s_);
    return d;
  }

  size_t rung = rung_from_buffer(buffer + placeholder_s_, rates);
  const size_t rung_t = rung_for_throughput(rates, estimate, latency, ctx.segment_duration_s);
  if (rung > last_rung_ && rung > rung_t) rung = std::max(last_rung_, rung_t);
  double wait = buffer + placeholder_s_ - max_buffer_for(rung);
  if (wait > 0) {
    if (wait <= placeholder_s_) {
      placeholder_s_ -= wait;
      wait = 0;
    } else {
      wait -= placeholder_s_;
      placeholder_s_ = 0;
    }
  } else {
    wait = 0;
  }
  if (rung == ctx.top_rung()) wait = 0;
  d.reason = make_reason("buffer %.1f s + placeholder %.1f s, throughput %.0f kbit/s", buffer, placeholder_s_,
                         estimate / 1000);

  const BufferCap cap = insufficient_buffer_cap(rates, estimate, buffer - latency, ctx.segment_duration_s,
                                                buffer_factor_);
  buffer_factor_ = std::max(kBufferFactorFloor, buffer_factor_ * kBufferFactorInitial);
  if (cap.rung < rung) {
    rung = cap.rung;
    wait = 0;
    placeholder_s_ = std::min(placeholder_s_, std::max(0.0, min_buffer_for(rung, rates) - buffer));
    d.reason = make_reason("insufficient buffer %.1f s caps at %.0f kbit/s", buffer, cap.max_bitrate_bps / 1000);
  }
  d.rung = rung;
  d.wait_s = wait;
  last_rung_ = rung;
  return d;
}

std::optional<size_t> BolaE::should_abandon(const DownloadProgress& p, const AbrContext& ctx) {
  if (!steady_ || params_.utilities.size() != ctx.rungs()) return std::nullopt;
  const double remain = p.size_bytes - p.received_bytes;
  const double transfer_s = p.elapsed_s - p.ttfb_s;
  if (p.received_bytes <= 0 || remain <= 0 || transfer_s <= 0) return std::nullopt;
  // A new request pays the latency again: judge the state after it.
  const double level = std::max(0.0, p.buffer_s + placeholder_s_ - p.ttfb_s);
  const double rate = p.received_bytes / transfer_s;  // bytes/s
  const double rest = remain - p.ttfb_s * rate;
  if (rest <= 0) return std::nullopt;
  std::optional<size_t> to;
  double score = (params_.v_s * (params_.gamma_p + params_.utilities[p.rung]) - level) / rest;
  for (size_t q = 0; q < p.rung; ++q) {
    const double other = p.size_bytes * ctx.bitrates_bps[q] / ctx.bitrates_bps[p.rung];
    const double other_score = (params_.v_s * (params_.gamma_p + params_.utilities[q]) - level) / other;
    // Only switch to a download smaller than what is left of this one.
    if (other < rest && other_score > score) {
      score = other_score;
      to = q;
    }
  }
  abandon_to_ = to;
  return to;
}

}  // namespace abr
