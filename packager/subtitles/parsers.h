// Subtitle file parsers: SRT (SubRip), WebVTT and ASS/SSA text into cues.
// Each is strict about structure and timing and names the line of the
// first problem ("line 12: ..."); the caller adds the file name. Input must
// be UTF-8 (a BOM is fine). Pure code, unit tested and fuzzed.
#pragma once

#include <string_view>
#include <vector>

#include "media/error.h"
#include "packager/subtitles/cue.h"

namespace packager::subtitles {

enum class SubtitleFormat { kSrt, kWebVtt, kAss };

// By content ("WEBVTT" first line, "[Script Info]" section), else SRT.
SubtitleFormat detect_format(std::string_view text);

media::Result<std::vector<Cue>> parse_srt(std::string_view text);
media::Result<std::vector<Cue>> parse_webvtt(std::string_view text);
media::Result<std::vector<Cue>> parse_ass(std::string_view text);
media::Result<std::vector<Cue>> parse_subtitles(std::string_view text);  // detect_format, then parse

// One ASS event line as FFmpeg's subtitle decoders give it
// ("ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text"):
// the Text field as WebVTT cue text (empty when there is none).
std::string ass_event_text(std::string_view event, size_t text_field_index);

}  // namespace packager::subtitles
