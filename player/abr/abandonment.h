// Whether to abandon a video download in progress and restart the segment
// lower: the algorithm's own answer first, then a safety net that every
// algorithm gets: while playing, a download that will finish after the buffer
// runs dry (at the rate measured so far) is abandoned for the highest lower
// rung that would arrive within kSafetyNetBufferShare of the buffer, or the
// lowest. The player's session and the request-level simulator both ask here,
// so the rule that plays is the rule that is simulated. Pure.
#pragma once

#include <cstddef>
#include <optional>

#include "player/abr/algorithm.h"

namespace abr {

// The net waits until the download has run this long (a rate measured over
// less is mostly the round trip)...
inline constexpr double kSafetyNetMinElapsedS = 0.3;
// ...and only moves to a rung that would arrive within this share of the buffer.
inline constexpr double kSafetyNetBufferShare = 0.8;

// The safety net alone. `context` describes the segment being fetched (row 0
// of its size table). nullopt: carry on.
std::optional<size_t> safety_net_abandon(const DownloadProgress& progress, const AbrContext& context);

// The algorithm's answer when it proposes a lower rung, else the safety net's.
std::optional<size_t> should_abandon(AbrAlgorithm& algorithm, const DownloadProgress& progress,
                                     const AbrContext& context, bool safety_net = true);

}  // namespace abr
