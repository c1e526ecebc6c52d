// Playback rate in the ABR context. At rate r an algorithm plans in the time
// it lives in: a segment plays for d/r seconds, the buffer lasts b/r, and a
// rung costs r × its bitrate per second. The player's StreamLoader and the
// simulator's live sessions scale the context this one way, so every
// algorithm accounts for catch-up (and --rate) without knowing of it.
#pragma once

#include <vector>

#include "player/abr/types.h"

namespace abr {

// Sets ctx.playback_rate to `rate` and, unless it is 1, scales the context:
// bitrates × r (kept in `scaled_bitrates`, which must outlive ctx's use),
// buffer, buffer cap and segment duration / r.
void apply_playback_rate(AbrContext& ctx, double rate, std::vector<double>& scaled_bitrates);

}  // namespace abr
