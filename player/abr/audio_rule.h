// The audio rung: audio follows video's throughput estimate rather than an
// algorithm of its own. It takes the best rung costing at most a small share
// of the estimate (audio ladders are a few rungs of 64–256 kbit/s, so a share
// keeps audio from competing with video for a thin link), the top rung before
// any estimate exists (the first audio segment is small and fetched alongside
// video's first), and the lowest when even that costs more than the share.
// Pure, used by the player's session in every environment.
#pragma once

#include <cstddef>
#include <span>

#include "player/abr/types.h"

namespace abr {

inline constexpr double kAudioShareOfEstimate = 0.15;

struct AudioChoice {
  size_t rung = 0;
  Reason reason;
};

// requires: !bitrates_bps.empty(), ascending. `video_estimate_bps` ≤ 0: none yet.
AudioChoice choose_audio_rung(std::span<const double> bitrates_bps, double video_estimate_bps);

}  // namespace abr
