#include <cctype>

#include "packager/subtitles/cue_text.h"
#include "packager/subtitles/parsers.h"
#include "packager/subtitles/text_lines.h"

namespace packager::subtitles {
namespace {

constexpr std::string_view kSrtArrow = "-->";

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

media::Result<std::vector<Cue>> parse_srt(std::string_view text) {
  auto lines = split_lines(text);
  if (!lines.ok()) return lines.error();
  std::vector<Cue> cues;
  size_t i = 0;
  const auto& ls = *lines;
  while (i < ls.size()) {
    if (trim(ls[i].text).empty()) {
      ++i;
      continue;
    }
    // Optional counter line, then the timing line.
    std::string id;
    if (all_digits(trim(ls[i].text)) && i + 1 < ls.size() && !trim(ls[i + 1].text).empty()) {
      id = std::string(trim(ls[i].text));
      ++i;
    }
    const Line& timing = ls[i];
    const size_t arrow = timing.text.find(kSrtArrow);
    if (arrow == std::string_view::npos)
      return line_error(timing.number, "expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm', found '" +
                                           std::string(trim(timing.text)) + "'");
    // SRT may append coordinates after the end time ("X1:... Y2:..."): ignored.
    std::string_view end_text = trim(timing.text.substr(arrow + kSrtArrow.size()));
    end_text = end_text.substr(0, end_text.find(' '));
    auto start = parse_timestamp_ms(timing.text.substr(0, arrow), false);
    auto end = parse_timestamp_ms(end_text, false);
    if (!start || !end)
      return line_error(timing.number, "bad timestamp in '" + std::string(trim(timing.text)) +
                                           "' (expected HH:MM:SS,mmm --> HH:MM:SS,mmm)");
    if (*end < *start)
      return line_error(timing.number, "the cue ends (" + format_vtt_time(*end) + ") before it starts (" +
                                           format_vtt_time(*start) + ")");
    ++i;
    std::vector<std::string_view> body;
    while (i < ls.size() && !trim(ls[i].text).empty()) {
      if (ls[i].text.find(kSrtArrow) != std::string_view::npos && !body.empty())
        return line_error(ls[i].number, "a timing line inside the text of the cue above (missing blank line?)");
      body.push_back(ls[i].text);
      ++i;
    }
    Cue c{*start, *end, id, "", to_vtt_cue_text(body)};
    if (!c.text.empty() && c.end_ms > c.start_ms) cues.push_back(std::move(c));
  }
  if (cues.empty()) return media::make_error(media::ErrorCode::kParse, "no subtitle cues");
  return cues;
}

}  // namespace packager::subtitles
