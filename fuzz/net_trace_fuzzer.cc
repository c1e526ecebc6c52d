// Any bytes given to the trace readers yield a trace or an Error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "media/net_trace.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto trace = media::parse_trace(text, "fuzz");
  if (trace.ok()) {
    (void)trace->period_at(123.4);
    (void)trace->mean_rate_bps();
  }
  return 0;
}
