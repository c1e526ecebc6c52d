// TTML (W3C TTML1/TTML2, IMSC1 text profile as DASH uses it) as cues, from a
// sidecar application/ttml+xml file or one `stpp` sample: every timed <p>
// (begin/end/dur as clock-time "00:00:01.500", "00:00:01:12" frames, or
// offset-time "1.5s", "1500ms", "36f", "90000t"; relative to the begin of
// the enclosing <body>/<div>), its text with <br/> as line breaks and
// <span>s flattened, and basic styling from tts:fontStyle, tts:fontWeight
// and tts:color on the <p>, its <span>s or the <style>s they name. Regions,
// positions and timing on <span>s are ignored. Parsed with pugixml into
// values; no node escapes. Pure code.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "media/error.h"
#include "player/text/cue.h"

namespace player::text {

// Cues in milliseconds of the document's timeline. A document with no timed
// <p> yields no cues (stpp samples between cues are such documents).
media::Result<std::vector<TextCue>> parse_ttml_cues(std::string_view xml);

// One TTML time expression in milliseconds; nullopt when it is not one.
std::optional<int64_t> parse_ttml_time_ms(std::string_view expression, double frame_rate, double tick_rate);

// "#rrggbb", "#rrggbbaa", "rgb(r,g,b)", "rgba(r,g,b,a)" or a named colour → 0xRRGGBB.
std::optional<uint32_t> parse_ttml_color(std::string_view value);

}  // namespace player::text
