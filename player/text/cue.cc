#include "player/text/cue.h"

#include <cstdio>

namespace player::text {

std::ostream& operator<<(std::ostream& os, const TextCue& cue) {
  os << "[" << cue.start_ms << " ms, " << cue.end_ms << " ms) \"" << cue.text << "\"";
  if (cue.style.italic) os << " italic";
  if (cue.style.bold) os << " bold";
  if (cue.style.color_rgb) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "#%06x", *cue.style.color_rgb & 0xffffffu);
    os << " " << hex;
  }
  return os;
}

}  // namespace player::text
