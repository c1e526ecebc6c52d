#include "player/session/live_edge.h"

#include <algorithm>

namespace player {
namespace {

// Rate above 1 per second of excess latency: 0.5 s behind → 1.05x.
constexpr double kRateGainPerS = 0.1;
// Catching up is never slower than this: a few hundredths of a second behind
// are made up within a couple of seconds, not left standing.
constexpr double kMinCatchUpRate = 1.02;

}  // namespace

EdgeAction LiveEdge::decide(double now_s, double latency_s, double target_s, double buffer_s, PlayState state,
                            bool seeking) {
  EdgeAction a;
  const double excess_s = latency_s - target_s;
  const bool may_jump = (state == PlayState::kPlaying || (state == PlayState::kStalled && !seeking)) &&
                        now_s - last_jump_s_ >= options_.jump_cooldown_s;
  if (excess_s > options_.jump_threshold_s && may_jump) {
    last_jump_s_ = now_s;
    catching_up_ = false;
    a.jump = true;
    return a;
  }
  if (state != PlayState::kPlaying) {
    catching_up_ = false;
    slowing_down_ = false;
    return a;
  }
  // Hysteresis: it starts past the threshold and runs until back on target,
  // so that the latency rests at the target, not at the threshold above it.
  if (excess_s > options_.rate_threshold_s && options_.max_rate > 1) catching_up_ = true;
  if (excess_s <= 0) catching_up_ = false;
  if (catching_up_ && buffer_s >= options_.min_buffer_s)
    a.rate = std::clamp(std::max(kMinCatchUpRate, 1 + kRateGainPerS * excess_s), 1.0, options_.max_rate);
  // Ahead of the target (a session that joined a stream younger than the
  // target): slower until on it, or the thin buffer stalls sooner or later.
  if (excess_s < -options_.rate_threshold_s && options_.min_rate < 1) slowing_down_ = true;
  if (excess_s >= 0) slowing_down_ = false;
  if (slowing_down_)
    a.rate = std::clamp(std::min(2 - kMinCatchUpRate, 1 + kRateGainPerS * excess_s), options_.min_rate, 1.0);
  // A low buffer (a slow chunk, a late segment) drains slower: down to
  // min_rate as it empties, the way LoL+ guards a low-latency buffer. Only
  // below half of what catch-up needs, so that the two do not take turns
  // on a link whose every chunk dips the buffer under that.
  const double slow_below_s = options_.min_buffer_s / 2;
  if (buffer_s < slow_below_s && options_.min_rate < 1)
    a.rate = std::min(a.rate, 1 - (1 - options_.min_rate) * (slow_below_s - std::max(0.0, buffer_s)) / slow_below_s);
  return a;
}

double LiveStats::percentile_of(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

}  // namespace player
