// Line handling shared by the subtitle parsers: UTF-8 check, BOM, any line
// ending (LF, CRLF, CR), 1-based line numbers for error messages, and the
// "[HH:]MM:SS[.,]mmm" timestamps SRT and WebVTT share. Pure code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/error.h"

namespace packager::subtitles {

struct Line {
  size_t number = 0;  // 1-based
  std::string_view text;
};

// The lines of `text` (BOM dropped, trailing whitespace kept); an error
// naming the first line that is not valid UTF-8.
media::Result<std::vector<Line>> split_lines(std::string_view text);

// "01:02:03,456", "01:02:03.456", "02:03.456" (hours optional when
// `hours_optional`), 1-3 fraction digits ("1.5" = 500 ms) → milliseconds.
std::optional<int64_t> parse_timestamp_ms(std::string_view text, bool hours_optional);

// Trims spaces and tabs at both ends.
std::string_view trim(std::string_view s);

// A parse error naming the line: "line 12: why".
media::Error line_error(size_t line, const std::string& why);

}  // namespace packager::subtitles
