// One subtitle cue as the player shows it, whatever format it came from
// (a WebVTT file or `wvtt` samples, a TTML file or `stpp` samples): times in
// milliseconds, plain UTF-8 text (markup removed, lines joined by '\n') and
// the basic styling the renderer applies to the whole cue. Pure value type.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace player::text {

struct CueStyle {
  bool italic = false;
  bool bold = false;
  std::optional<uint32_t> color_rgb;  // 0xRRGGBB; unset: the renderer's default (white)
  bool operator==(const CueStyle&) const = default;
};

struct TextCue {
  int64_t start_ms = 0;
  int64_t end_ms = 0;  // > start_ms
  std::string text;    // never empty
  CueStyle style;
  bool operator==(const TextCue&) const = default;
};

std::ostream& operator<<(std::ostream& os, const TextCue& cue);

}  // namespace player::text
