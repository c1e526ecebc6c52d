#include "player/abr/segment_abandonment.h"

#include <algorithm>
#include <cmath>

#include "player/abr/qoe.h"

namespace abr {
namespace {

// A download is judged only after this much transfer time, so that the rate
// measured from it means something.
constexpr double kJudgeAfterS = 0.5;

}  // namespace

std::optional<size_t> abandon_for_segment_qoe(const DownloadProgress& p, const AbrContext& ctx, double latency_s) {
  const double transfer_s = p.elapsed_s - p.ttfb_s;
  if (p.rung == 0 || p.rung >= ctx.rungs() || ctx.state == PlaybackState::kStartup ||
      ctx.state == PlaybackState::kPaused || transfer_s < kJudgeAfterS || p.received_bytes <= 0 ||
      p.received_bytes >= p.size_bytes)
    return std::nullopt;
  // The time already spent is the same either way.
  const double rate = p.received_bytes / transfer_s;
  const double mu = rebuffer_penalty(QoeMetric::kLin, ctx.bitrates_bps);
  const double previous = ctx.bitrates_bps[std::min(ctx.last_rung.value_or(p.rung), ctx.top_rung())] / 1e6;
  auto term = [&](size_t rung, double seconds) {
    const double u = ctx.bitrates_bps[rung] / 1e6;
    return u - std::fabs(u - previous) - mu * std::max(0.0, seconds - p.buffer_s);
  };
  const double carry_on = term(p.rung, (p.size_bytes - p.received_bytes) / rate);
  std::optional<size_t> best;
  double best_value = carry_on;
  const double current = ctx.bitrates_bps[p.rung] / 1e6;
  for (size_t r = 0; r < p.rung; ++r) {
    // Dropping for one segment also means switching back up after it.
    const double back_up = current - ctx.bitrates_bps[r] / 1e6;
    const double value = term(r, latency_s + ctx.size_bytes(0, r) / rate) - back_up;
    if (value > best_value) {
      best_value = value;
      best = r;
    }
  }
  return best;
}

}  // namespace abr
