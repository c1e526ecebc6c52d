// The player's HTTP Date parser (UTCTiming http-head) on any bytes: a time or
// nullopt, never a crash; what parses is a whole second of years 0000-9999.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "player/net/clock_sync.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto t = player::parse_http_date(text);
  if (!t) return 0;
  constexpr double kYear0 = -62167219200.0, kYear10000 = 253402300800.0;
  if (!std::isfinite(*t) || *t != std::floor(*t) || *t < kYear0 || *t >= kYear10000 + 86400 * 31) std::abort();
  return 0;
}
