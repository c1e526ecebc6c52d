#include "player/abr/playback_rate.h"

namespace abr {

void apply_playback_rate(AbrContext& ctx, double rate, std::vector<double>& scaled_bitrates) {
  ctx.playback_rate = rate;
  if (rate == 1) return;
  scaled_bitrates.assign(ctx.bitrates_bps.begin(), ctx.bitrates_bps.end());
  for (double& b : scaled_bitrates) b *= rate;
  ctx.bitrates_bps = scaled_bitrates;
  ctx.buffer_s /= rate;
  ctx.segment_duration_s /= rate;
  ctx.buffer_cap_s /= rate;
}

}  // namespace abr
