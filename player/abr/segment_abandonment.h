// Abandonment by the segment's own QoE term (hedge and smpc): while a download
// runs, carrying on (stall at the rate measured so far) is compared with
// restarting the segment at each lower rung (request latency included, and
// the switch down and back up that dropping costs); the best one wins.
// Judged only after 0.5 s of transfer (Sabre waits as long), never at
// start-up, while paused or on the lowest rung.
#pragma once

#include <optional>

#include "player/abr/types.h"

namespace abr {

// A lower rung to restart at, or nothing to carry on.
std::optional<size_t> abandon_for_segment_qoe(const DownloadProgress& progress, const AbrContext& context,
                                              double latency_s);

}  // namespace abr
