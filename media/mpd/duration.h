// ISO 8601 / xs:duration text <-> Duration (microseconds), as used by MPD
// attributes such as mediaPresentationDuration="PT1H2M3.5S".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "media/mpd/model.h"

namespace media {

// Accepts P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]; years count as 365 days and
// months as 30 days (MPD durations rarely use them; dash.js does the same).
// Fractions beyond the microsecond are rounded. Negative durations, missing
// designators, empty "P"/"PT" and overflow are rejected.
std::optional<Duration> parse_iso8601_duration(std::string_view text);

// Shortest canonical form: "PT0S", "PT4S", "PT1M30.5S", "PT2H0M0.04S".
std::string format_iso8601_duration(Duration d);

// Seconds as a double, for the ABR and UI edges.
inline double to_seconds(Duration d) { return static_cast<double>(d.count()) / 1e6; }
Duration from_seconds(double seconds);

}  // namespace media
