// Folds a refreshed MPD into the live Presentation the session plays. The
// segments of the Periods it knows are appended (indices never shift, so
// loaders keep their place), Periods that began since are appended after the
// last one (loaders waiting at its end move on to them), and an earlier
// Period's end becomes known when the next one starts. A static (final) MPD
// replays the Periods back to back, without the time the input was away:
// its segments are found by their URL and put back on the live timeline.
// Pure; loop thread only.
#pragma once

#include <cstddef>

#include "player/session/presentation.h"

namespace player {

struct LiveMerge {
  size_t added = 0;        // segments appended (all Periods, streams, representations)
  size_t new_periods = 0;  // Periods appended
  size_t dropped = 0;      // segments no longer listed at a Period's end (closed by @endNumber)
  bool ended = false;      // `fresh` is static: the presentation is complete
};

// Merges `fresh` (the refreshed MPD, live or static) into `live`, matching
// Periods by @id (else by start; a static MPD without ids by position) and
// Representations by @id, and rebuilds the rate tables. A live `fresh` that
// ends a Period sooner than `live` had it (a $Number$ template listed ahead,
// then @endNumber) drops the segments past that end. Periods of `fresh`
// that `live` lacks and that start after its last one are moved out of
// `fresh`, with the MPD they point into.
LiveMerge merge_live_update(Presentation& live, Presentation& fresh);

}  // namespace player
