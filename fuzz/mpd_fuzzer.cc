// Any bytes given to the MPD reader yield a model or an Error; a parsed model
// is then written back and every representation resolved, which must not crash
// or run away either.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "media/mpd/reader.h"
#include "media/mpd/segments.h"
#include "media/mpd/writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  auto mpd = media::parse_mpd(xml);
  if (!mpd.ok()) return 0;
  (void)media::write_mpd(*mpd);
  for (size_t p = 0; p < mpd->periods.size() && p < 4; ++p) {
    const auto& sets = mpd->periods[p].adaptation_sets;
    for (size_t s = 0; s < sets.size() && s < 8; ++s)
      for (size_t r = 0; r < sets[s].representations.size() && r < 8; ++r)
        (void)media::resolve_representation(*mpd, p, s, r, "http://host/dir/manifest.mpd");
  }
  return 0;
}
