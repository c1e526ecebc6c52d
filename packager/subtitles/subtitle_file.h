// Sidecar subtitle files (--subtitles en.srt --subtitles fr.vtt:lang=fr):
// the option's text, and reading a file into cues with one error line that
// names the file and the line of the first problem.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/error.h"
#include "packager/subtitles/cue.h"
#include "packager/track_role.h"

namespace packager::subtitles {

inline constexpr uint64_t kMaxSubtitleFileBytes = 64u << 20;

struct SubtitleFileSpec {
  std::string path;
  std::string lang;  // BCP 47; from lang=, else the file name ("movie.fr.srt", "fr.vtt"), else "und"
  TrackRole role = TrackRole::kSubtitle;  // role=subtitle|caption|forced-subtitle
  std::string name;  // name=...: the label players show; default from the language
  bool operator==(const SubtitleFileSpec&) const = default;
};

// "PATH[:lang=LANG][:role=ROLE][:name=NAME]" (options at the end, any order).
media::Result<SubtitleFileSpec> parse_subtitle_spec(std::string_view text);

// Reads and parses `path` (SRT, WebVTT or ASS/SSA by content):
// "subtitles 'fr.srt': line 12: ...".
media::Result<std::vector<Cue>> read_subtitle_file(const std::string& path);

}  // namespace packager::subtitles
