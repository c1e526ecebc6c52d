#include "packager/subtitles/parsers.h"
#include "packager/subtitles/text_lines.h"

namespace packager::subtitles {
namespace {

constexpr std::string_view kVttArrow = "-->";

bool starts_block(std::string_view line, std::string_view keyword) {
  return line.substr(0, keyword.size()) == keyword &&
         (line.size() == keyword.size() || line[keyword.size()] == ' ' || line[keyword.size()] == '\t');
}

}  // namespace

media::Result<std::vector<Cue>> parse_webvtt(std::string_view text) {
  auto lines = split_lines(text);
  if (!lines.ok()) return lines.error();
  const auto& ls = *lines;
  if (ls.empty() || !starts_block(ls[0].text, "WEBVTT"))
    return line_error(1, "a WebVTT file starts with 'WEBVTT'");
  size_t i = 1;
  while (i < ls.size() && !ls[i].text.empty()) ++i;  // header
  std::vector<Cue> cues;
  while (i < ls.size()) {
    if (trim(ls[i].text).empty()) {
      ++i;
      continue;
    }
    const std::string_view first = ls[i].text;
    if (starts_block(first, "NOTE") || starts_block(first, "STYLE") || starts_block(first, "REGION")) {
      while (i < ls.size() && !trim(ls[i].text).empty()) ++i;
      continue;
    }
    std::string id;
    if (first.find(kVttArrow) == std::string_view::npos) {
      id = std::string(trim(first));
      ++i;
      if (i >= ls.size() || ls[i].text.find(kVttArrow) == std::string_view::npos)
        return line_error(i < ls.size() ? ls[i].number : ls.back().number + 1,
                          "expected a timing line 'MM:SS.mmm --> MM:SS.mmm' after the cue identifier '" + id + "'");
    }
    const Line& timing = ls[i];
    const size_t arrow = timing.text.find(kVttArrow);
    std::string_view rest = trim(timing.text.substr(arrow + kVttArrow.size()));
    const size_t space = rest.find_first_of(" \t");
    const std::string_view end_text = rest.substr(0, space);
    const std::string settings = space == std::string_view::npos ? "" : std::string(trim(rest.substr(space)));
    auto start = parse_timestamp_ms(timing.text.substr(0, arrow), true);
    auto end = parse_timestamp_ms(end_text, true);
    if (!start || !end || timing.text.substr(0, arrow).find(',') != std::string_view::npos)
      return line_error(timing.number, "bad timestamp in '" + std::string(trim(timing.text)) +
                                           "' (expected [HH:]MM:SS.mmm --> [HH:]MM:SS.mmm)");
    if (*end < *start)
      return line_error(timing.number, "the cue ends (" + format_vtt_time(*end) + ") before it starts (" +
                                           format_vtt_time(*start) + ")");
    ++i;
    std::string body;
    while (i < ls.size() && !trim(ls[i].text).empty()) {
      if (ls[i].text.find(kVttArrow) != std::string_view::npos)
        return line_error(ls[i].number, "'-->' inside the text of the cue above (missing blank line?)");
      if (!body.empty()) body += '\n';
      body += ls[i].text;
      ++i;
    }
    if (!body.empty() && *end > *start) cues.push_back(Cue{*start, *end, id, settings, body});
  }
  if (cues.empty()) return media::make_error(media::ErrorCode::kParse, "no subtitle cues");
  return cues;
}

}  // namespace packager::subtitles
