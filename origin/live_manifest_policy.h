// Caching of a live (dynamic) MPD: it changes with every segment, so a cache
// may keep it at most half its minimumUpdatePeriod (never longer than the
// period, as DASH-IF IOP asks), and at least not at all. A static MPD keeps
// the usual short lifetime. Pure code over the MPD's bytes: only the root
// element's attributes are looked at, without a full parse.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace origin {

// The Cache-Control of a dynamic MPD, or nullopt when `mpd` is not dynamic.
std::optional<std::string> dynamic_manifest_cache_control(std::string_view mpd);

}  // namespace origin
