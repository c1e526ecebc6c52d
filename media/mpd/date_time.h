// xs:dateTime text <-> Unix time, as used by MPD@availabilityStartTime,
// @publishTime, ProducerReferenceTime@wallClockTime and the UTCTiming
// http-xsdate / http-iso responses: "2024-05-01T10:00:12.345Z".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace media {

// UTC, millisecond precision, always with the 'Z' designator.
std::string format_xs_datetime(double unix_s);

// Accepts YYYY-MM-DDThh:mm:ss[.f] with 'Z', a ±hh:mm offset, or none (read
// as UTC, as DASH-IF IOP asks). Out-of-range fields are rejected.
std::optional<double> parse_xs_datetime(std::string_view text);

}  // namespace media
