// Human-friendly rates and durations on the command line: "4mbit", "750kbit",
// "2.5Mbps", "1000000" (bit/s); "40ms", "1.5s", "200" (ms).
#pragma once

#include <optional>
#include <string_view>

namespace origin {

std::optional<double> parse_rate_bps(std::string_view text);
std::optional<double> parse_duration_ms(std::string_view text);

}  // namespace origin
