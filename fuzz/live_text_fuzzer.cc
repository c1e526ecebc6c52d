// The text the live paths read from outside: a request path's segment number
// (origin), an MPD's root element for its caching, an xs:dateTime. Any input
// yields a value or nothing, never a crash or an exception.
#include <cstddef>
#include <cstdint>
#include <string>

#include "media/mpd/date_time.h"
#include "origin/growing_file.h"
#include "origin/live_manifest_policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)origin::previous_segment_path(text);
  (void)origin::dynamic_manifest_cache_control(text);
  if (auto t = media::parse_xs_datetime(text)) (void)media::format_xs_datetime(*t);
  return 0;
}
