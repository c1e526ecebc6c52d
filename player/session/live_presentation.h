// Turns a dynamic MPD into the segment lists the player streams. A live
// Presentation lists, Period by Period, the segments of the time-shift window
// up to the live edge (plus, for $Number$ templates, a look-ahead of segments
// that are not available yet: the loader waits for each one's availability
// time). Periods wholly behind the window are left out. Refreshes grow it
// (player/session/live_merge.h). Loop thread only once the session runs.
#pragma once

#include <functional>

#include "media/error.h"
#include "player/session/presentation.h"

namespace player {

// The wall clock (Unix seconds): `wall_clock` when set, else the system clock.
double unix_now_s(const std::function<double()>& wall_clock);

// Before the streams are resolved: reads the live timing into p.live and
// replaces p.mpd by its materialization up to the live edge at `now_unix_s`
// plus a look-ahead, without the Periods that ended before the time-shift
// window or start after that horizon. Errors: no usable
// @availabilityStartTime; every Period starts after the horizon.
media::Status prepare_live_mpd(Presentation& p, double now_unix_s);

// After the streams are resolved: drops segments cut short by the horizon
// (in the last Period) and segments that left the time-shift window, notes
// each stream's availabilityTimeOffset and makes the last Period open-ended.
void finish_live_streams(Presentation& p, double now_unix_s);

}  // namespace player
