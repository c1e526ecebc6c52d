// Bit rates as users type them: "3000k", "2.5M", "800000" (bit/s).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "media/error.h"

namespace packager {

// Strict: a positive number with an optional k (1e3) or M (1e6) suffix.
media::Result<int64_t> parse_rate_bps(std::string_view text);

// 3000000 → "3000k", 128000 → "128k", 1500 → "1500".
std::string format_rate(int64_t rate_bps);

}  // namespace packager
