// A WebVTT file (a sidecar text/vtt track) as cues: the packager's strict
// parser (timings, identifiers, NOTE/STYLE/REGION blocks, UTF-8 checked, the
// line of the first problem named), then the cue text made plain. Cue
// settings (position, line, align) are ignored: every cue is drawn
// bottom-centred. Times are those of the file (the caller adds the Period
// start). Pure code.
#pragma once

#include <string_view>
#include <vector>

#include "media/error.h"
#include "player/text/cue.h"

namespace player::text {

media::Result<std::vector<TextCue>> parse_webvtt_cues(std::string_view text);

}  // namespace player::text
