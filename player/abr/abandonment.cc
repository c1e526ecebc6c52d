#include "player/abr/abandonment.h"

namespace abr {

std::optional<size_t> safety_net_abandon(const DownloadProgress& p, const AbrContext& ctx) {
  if (p.rung == 0 || p.rung >= ctx.rungs() || ctx.state != PlaybackState::kPlaying ||
      p.elapsed_s < kSafetyNetMinElapsedS || p.received_bytes <= 0 || p.received_bytes >= p.size_bytes)
    return std::nullopt;
  const double rate_bytes_per_s = p.received_bytes / p.elapsed_s;
  const double remaining_s = (p.size_bytes - p.received_bytes) / rate_bytes_per_s;
  if (remaining_s <= p.buffer_s) return std::nullopt;  // it arrives before the buffer runs dry
  for (size_t r = p.rung; r-- > 0;)
    if (ctx.size_bytes(0, r) / rate_bytes_per_s < kSafetyNetBufferShare * p.buffer_s) return r;
  return 0;
}

std::optional<size_t> should_abandon(AbrAlgorithm& algorithm, const DownloadProgress& progress,
                                     const AbrContext& context, bool safety_net) {
  if (auto lower = algorithm.should_abandon(progress, context); lower && *lower < progress.rung) return lower;
  if (!safety_net) return std::nullopt;
  return safety_net_abandon(progress, context);
}

}  // namespace abr
