#include "player/abr/throughput_rule.h"

#include <algorithm>

#include "player/abr/insufficient_buffer.h"
#include "player/abr/ladder.h"

namespace abr {

void ThroughputRule::observe(const SegmentResult& result) {
  if (result.abandoned || !(result.download_s > 0)) return;
  throughput_.add_sample(result.size_bytes, result.download_s);
  latency_.add_sample(result.ttfb_s, result.segment_duration_s);
}

Decision ThroughputRule::choose(const AbrContext& ctx) {
  Decision d;
  const double estimate = throughput_.estimate_bps();
  d.estimate_bps = estimate;
  if (estimate <= 0) {
    d.rung = 0;
    d.reason = make_reason("no throughput sample yet: lowest rung");
    return d;
  }
  if (ctx.state == PlaybackState::kStalled) {
    d.rung = 0;
    d.reason = make_reason("stalled: lowest rung (estimate %.0f kbit/s)", estimate / 1000);
    return d;
  }
  const double budget = options_.safety_factor * estimate;
  d.rung = rung_for_throughput(ctx.bitrates_bps, budget, latency_.estimate_s(), ctx.segment_duration_s);
  d.reason = make_reason("%.2f x %.0f kbit/s", options_.safety_factor, estimate / 1000);
  if (options_.insufficient_buffer_cap) {
    if (buffer_factor_ < 0) buffer_factor_ = options_.buffer_factor_initial;
    const BufferCap cap = insufficient_buffer_cap(ctx.bitrates_bps, estimate,
                                                  std::max(0.0, ctx.buffer_s - latency_.estimate_s()),
                                                  ctx.segment_duration_s, buffer_factor_);
    buffer_factor_ = std::max(options_.buffer_factor_floor, buffer_factor_ * options_.buffer_factor_initial);
    if (cap.rung < d.rung) {
      d.rung = cap.rung;
      d.reason = make_reason("buffer %.1f s caps at %.0f kbit/s (estimate %.0f kbit/s)", ctx.buffer_s,
                             cap.max_bitrate_bps / 1000, estimate / 1000);
    }
  }
  return d;
}

std::optional<size_t> ThroughputRule::should_abandon(const DownloadProgress& p, const AbrContext& ctx) {
  const double transfer_s = p.elapsed_s - p.ttfb_s;
  // The margin keeps a check at exactly the grace time (0.4999… s after rounding) in.
  if (p.elapsed_s + 1e-9 < options_.abandon_grace_s || transfer_s <= 0 || p.received_bytes <= 0 || p.rung == 0)
    return std::nullopt;
  const double rate_bps = p.received_bytes * 8 / transfer_s;
  const double left_bytes = p.size_bytes - p.received_bytes;
  if (p.elapsed_s + left_bytes * 8 / rate_bps <= options_.abandon_multiplier * ctx.segment_duration_s)
    return std::nullopt;
  const size_t rung = rung_for_throughput(ctx.bitrates_bps, rate_bps * options_.safety_factor,
                                          latency_.estimate_s(), ctx.segment_duration_s);
  const double new_size = p.size_bytes * ctx.bitrates_bps[rung] / ctx.bitrates_bps[p.rung];
  if (rung >= p.rung || new_size >= left_bytes) return std::nullopt;
  return rung;
}

}  // namespace abr
