// The time endpoint a live MPD's UTCTiming points at (`/_time`): the server's
// wall-clock time as xs:dateTime with milliseconds, which serves both the
// urn:mpeg:dash:utc:http-xsdate:2014 and http-iso:2014 schemes. Players
// sync their clocks with it, so it must never be cached.
#pragma once

#include <string>

namespace origin {

inline constexpr const char* kTimePath = "/_time";

// "2024-05-01T10:00:12.345Z" for the current system time.
std::string utc_time_text();

}  // namespace origin
