#include <algorithm>
#include <cctype>

#include "packager/subtitles/cue_text.h"
#include "packager/subtitles/parsers.h"
#include "packager/subtitles/text_lines.h"

namespace packager::subtitles {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The first `count - 1` comma-separated fields, then the rest (which may hold commas).
std::vector<std::string_view> split_fields(std::string_view s, size_t count) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < count) {
    const size_t comma = s.find(',');
    if (comma == std::string_view::npos) break;
    out.push_back(trim(s.substr(0, comma)));
    s.remove_prefix(comma + 1);
  }
  out.push_back(s);
  return out;
}

// ASS times: H:MM:SS.cc (centiseconds).
std::optional<int64_t> ass_time_ms(std::string_view t) { return parse_timestamp_ms(t, false); }

}  // namespace

std::string ass_event_text(std::string_view event, size_t text_field_index) {
  const auto fields = split_fields(event, text_field_index + 1);
  if (fields.size() != text_field_index + 1) return "";
  const std::vector<std::string> lines = ass_text_lines(fields.back());
  return to_vtt_cue_text(std::vector<std::string_view>(lines.begin(), lines.end()));
}

media::Result<std::vector<Cue>> parse_ass(std::string_view text) {
  auto lines = split_lines(text);
  if (!lines.ok()) return lines.error();
  std::vector<Cue> cues;
  std::string section;
  std::vector<std::string> format;  // the [Events] Format: field names, lower case
  for (const auto& line : *lines) {
    const std::string_view t = trim(line.text);
    if (t.empty() || t[0] == ';') continue;
    if (t.front() == '[' && t.back() == ']') {
      section = lower(t);
      continue;
    }
    if (section != "[events]") continue;
    const size_t colon = t.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = lower(trim(t.substr(0, colon)));
    const std::string_view value = trim(t.substr(colon + 1));
    if (key == "format") {
      format.clear();
      for (auto f : split_fields(value, SIZE_MAX)) format.push_back(lower(trim(f)));
      if (format.empty() || format.back() != "text")
        return line_error(line.number, "the [Events] Format line must end with Text");
      continue;
    }
    if (key != "dialogue") continue;
    if (format.empty()) return line_error(line.number, "a Dialogue line before the [Events] Format line");
    const auto fields = split_fields(value, format.size());
    if (fields.size() != format.size())
      return line_error(line.number, "a Dialogue line with " + std::to_string(fields.size()) + " fields, the Format has " +
                                         std::to_string(format.size()));
    const auto field = [&](std::string_view name) -> std::string_view {
      auto it = std::find(format.begin(), format.end(), name);
      return it == format.end() ? std::string_view() : fields[static_cast<size_t>(it - format.begin())];
    };
    auto start = ass_time_ms(field("start"));
    auto end = ass_time_ms(field("end"));
    if (!start || !end)
      return line_error(line.number, "bad Start or End time (expected H:MM:SS.cc) in '" + std::string(t) + "'");
    if (*end < *start)
      return line_error(line.number, "the cue ends (" + format_vtt_time(*end) + ") before it starts (" +
                                         format_vtt_time(*start) + ")");
    const std::vector<std::string> body = ass_text_lines(fields.back());
    Cue c{*start, *end, "", "", to_vtt_cue_text(std::vector<std::string_view>(body.begin(), body.end()))};
    if (!c.text.empty() && c.end_ms > c.start_ms) cues.push_back(std::move(c));
  }
  if (cues.empty()) return media::make_error(media::ErrorCode::kParse, "no subtitle cues (no Dialogue lines in [Events])");
  normalize_cues(cues);  // ASS events need not be in time order
  return cues;
}

SubtitleFormat detect_format(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.substr(0, 6) == "WEBVTT") return SubtitleFormat::kWebVtt;
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && lower(text.substr(first, 13)) == "[script info]") return SubtitleFormat::kAss;
  return SubtitleFormat::kSrt;
}

media::Result<std::vector<Cue>> parse_subtitles(std::string_view text) {
  switch (detect_format(text)) {
    case SubtitleFormat::kWebVtt: return parse_webvtt(text);
    case SubtitleFormat::kAss: return parse_ass(text);
    case SubtitleFormat::kSrt: return parse_srt(text);
  }
  return parse_srt(text);
}

}  // namespace packager::subtitles
