// Turns a dynamic MPD into the segment lists the player streams, and grows
// them with every refresh. A live Presentation lists the segments of the
// time-shift window up to the live edge (plus, for $Number$ templates, a
// look-ahead of segments that are not available yet: the loader waits for
// each one's availability time). Indices never shift: a refresh only appends
// segments later than the last known one, so loaders keep their place.
// Loop thread only once the session runs.
#pragma once

#include <functional>

#include "media/error.h"
#include "player/session/presentation.h"

namespace player {

// The wall clock (Unix seconds): `wall_clock` when set, else the system clock.
double unix_now_s(const std::function<double()>& wall_clock);

// Before the streams are resolved: reads the live timing into p.live and
// replaces p.mpd by its materialization up to the live edge at `now_unix_s`
// plus a look-ahead. Errors: no usable @availabilityStartTime.
media::Status prepare_live_mpd(Presentation& p, double now_unix_s);

// After the streams are resolved: drops segments cut short by the horizon
// and segments that left the time-shift window, notes each stream's
// availabilityTimeOffset and makes the duration open-ended.
void finish_live_streams(Presentation& p, double now_unix_s);

struct LiveMerge {
  size_t added = 0;    // segments appended (all streams, all representations)
  bool ended = false;  // `fresh` is static: the presentation is complete
};

// Appends the segments of `fresh` (the refreshed MPD, live or static) that
// come after the last ones `live` knows, matching Representations by @id,
// and rebuilds the rate tables.
LiveMerge merge_live_update(Presentation& live, const Presentation& fresh);

}  // namespace player
