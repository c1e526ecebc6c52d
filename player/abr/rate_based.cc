#include "player/abr/rate_based.h"

#include "player/abr/ladder.h"

namespace abr {

void RateBased::observe(const SegmentResult& result) {
  if (result.abandoned) return;
  mean_.add_sample(result.size_bytes, result.total_s());
}

Decision RateBased::choose(const AbrContext& ctx) {
  Decision d;
  d.estimate_bps = mean_.estimate_bps();
  d.rung = highest_rung_at_most(ctx.bitrates_bps, d.estimate_bps);
  d.reason = make_reason("harmonic mean of %.0f samples: %.0f kbit/s", static_cast<double>(mean_.count()),
                         d.estimate_bps / 1000);
  return d;
}

}  // namespace abr
