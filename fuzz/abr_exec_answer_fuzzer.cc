// Any line an external ABR program writes back (player/abr_exec/protocol.h)
// is a valid answer or an Error, never a crash; valid answers are in range.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "player/abr_exec/protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const size_t rungs = size % 7 + 1;
  if (auto c = abr_exec::parse_choice(line, rungs); c.ok() && c->decision.rung >= rungs) std::abort();
  if (auto a = abr_exec::parse_abandon(line, rungs); a.ok() && a.value() && *a.value() >= rungs) std::abort();
  return 0;
}
