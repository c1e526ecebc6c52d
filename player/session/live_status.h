// The one line the HUD shows for a live stream: "LIVE" when near the edge,
// the measured latency, and the catch-up rate while it is above 1x.
#pragma once

#include <string>

#include "player/session/session.h"

namespace player {

// Latency above this (seconds) no longer reads as "LIVE": key l returns.
inline constexpr double kLiveBadgeSlackS = 1.0;

std::string live_status(const SessionSnapshot& s);

}  // namespace player
