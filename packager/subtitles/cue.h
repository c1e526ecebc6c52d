// One timed text cue as WebVTT models it, whatever format it came from
// (SRT, ASS/SSA, mov_text, WebVTT): times in milliseconds of the
// presentation, text already in WebVTT cue-text syntax. Pure value type.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace packager::subtitles {

struct Cue {
  int64_t start_ms = 0;
  int64_t end_ms = 0;    // > start_ms
  std::string id;        // WebVTT cue identifier; may be empty
  std::string settings;  // WebVTT cue settings ("line:10% align:start"); may be empty
  std::string text;      // lines joined by '\n', no empty line, never empty
  bool operator==(const Cue&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Cue& c);

// Sorts by start time (stable) and drops cues that end at or before they
// start or before 0; cues starting before 0 are clipped to 0.
void normalize_cues(std::vector<Cue>& cues);

// "00:01:02.345" (WebVTT timestamp, hours always written).
std::string format_vtt_time(int64_t ms);

}  // namespace packager::subtitles
