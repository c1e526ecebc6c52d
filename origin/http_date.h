// HTTP dates (RFC 9110 §5.6.7): IMF-fixdate out; IMF-fixdate, RFC 850 and
// asctime in.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace origin {

std::string format_http_date(std::time_t t);
std::optional<std::time_t> parse_http_date(std::string_view text);

}  // namespace origin
