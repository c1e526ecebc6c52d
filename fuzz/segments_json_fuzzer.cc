// Any bytes given to the segments.json reader yield metadata or an Error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "media/segments_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto meta = media::parse_segments_json(std::string_view(reinterpret_cast<const char*>(data), size));
  if (meta.ok()) (void)media::write_segments_json(*meta);
  return 0;
}
