#include "packager/rate.h"

#include <cmath>

#include "media/text.h"

namespace packager {

media::Result<int64_t> parse_rate_bps(std::string_view text) {
  std::string_view digits = text;
  double multiplier = 1;
  if (!digits.empty() && (digits.back() == 'k' || digits.back() == 'K')) {
    multiplier = 1e3;
    digits.remove_suffix(1);
  } else if (!digits.empty() && digits.back() == 'M') {
    multiplier = 1e6;
    digits.remove_suffix(1);
  }
  auto value = media::parse_double(digits);
  if (!value || !std::isfinite(*value) || *value <= 0)
    return media::make_error(media::ErrorCode::kInvalidArgument,
                             "bad bit rate '" + std::string(text) + "': expected e.g. 3000k, 2.5M or 800000");
  double bps = *value * multiplier;
  if (bps < 1000 || bps > 1e9)
    return media::make_error(media::ErrorCode::kInvalidArgument,
                             "bit rate '" + std::string(text) + "' out of range (1k to 1000M)");
  return static_cast<int64_t>(std::llround(bps));
}

std::string format_rate(int64_t rate_bps) {
  if (rate_bps % 1000 == 0) return std::to_string(rate_bps / 1000) + "k";
  return std::to_string(rate_bps);
}

}  // namespace packager
