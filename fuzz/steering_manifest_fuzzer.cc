// The player's steering-manifest parser on any bytes: a manifest or an
// Error, never a crash; what parses keeps the rules the player relies on
// (a positive finite TTL, at least one pathway name, each a non-empty token).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "player/net/steering.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto m = player::parse_steering_manifest(text);
  if (!m.ok()) return 0;
  if (!(m->ttl_s > 0) || !std::isfinite(m->ttl_s) || m->priority.empty()) std::abort();
  for (const auto& name : m->priority)
    if (name.empty() || name.find_first_of("\"&?=# ") != std::string::npos) std::abort();
  (void)player::steering_request_url(m->reload_uri, m->priority.front(), m->ttl_s);
  return 0;
}
