// WebVTT cue text (what a .vtt file and a `wvtt` sample's `payl` hold) as
// plain text for the renderer: tags (<b>, <i>, <u>, <c.x>, <v Name>, <lang>,
// <ruby>, timestamps) are removed, character references decoded, and <i> or
// <b> anywhere in the cue makes the whole cue italic or bold (the renderer
// styles cues, not runs). Pure code.
#pragma once

#include <string>
#include <string_view>

#include "player/text/cue.h"

namespace player::text {

struct StyledText {
  std::string text;
  CueStyle style;
};

StyledText strip_cue_markup(std::string_view cue_text);

// "&amp;" → "&", "&#233;" / "&#xE9;" → "é"; an unknown reference stays as written.
std::string decode_character_references(std::string_view text);

}  // namespace player::text
