#include "packager/subtitles/text_lines.h"

#include <cctype>

namespace packager::subtitles {
namespace {

constexpr int64_t kMaxHours = 99'999;  // keeps ticks at 90 kHz (and sums of them) far from int64 limits

// Length of the UTF-8 sequence at `s[i]`, 0 when invalid (overlongs, surrogates and > U+10FFFF rejected).
size_t utf8_length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
  if (n == 0 || c > 0xf4 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xc0) != 0x80) return 0;
  if (c == 0xe0 && b(i + 1) < 0xa0) return 0;   // overlong
  if (c == 0xed && b(i + 1) >= 0xa0) return 0;  // surrogate
  if (c == 0xf0 && b(i + 1) < 0x90) return 0;   // overlong
  if (c == 0xf4 && b(i + 1) >= 0x90) return 0;  // > U+10FFFF
  return n;
}

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

int64_t number(std::string_view s) {
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

media::Error line_error(size_t line, const std::string& why) {
  return media::make_error(media::ErrorCode::kParse, "line " + std::to_string(line) + ": " + why);
}

media::Result<std::vector<Line>> split_lines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<Line> lines;
  size_t start = 0, number = 1;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\n' && text[i] != '\r') {
      if (text[i] == '\0') return line_error(number, "contains a NUL byte (not a text file)");
      const size_t n = utf8_length(text, i);
      if (n == 0) return line_error(number, "not UTF-8 text (convert the file to UTF-8)");
      i += n - 1;
      continue;
    }
    lines.push_back({number++, text.substr(start, i - start)});
    if (i + 1 < text.size() && text[i] == '\r' && text[i + 1] == '\n') ++i;
    start = i + 1;
  }
  // A final line ending does not start another (empty) line.
  if (!lines.empty() && lines.back().text.empty() && !text.empty()) lines.pop_back();
  return lines;
}

std::optional<int64_t> parse_timestamp_ms(std::string_view t, bool hours_optional) {
  t = trim(t);
  const size_t frac = t.find_first_of(".,");
  if (frac == std::string_view::npos) return std::nullopt;
  const std::string_view whole = t.substr(0, frac), fraction = t.substr(frac + 1);
  if (!digits(fraction) || fraction.size() > 3) return std::nullopt;
  int64_t ms = number(fraction);
  for (size_t k = fraction.size(); k < 3; ++k) ms *= 10;
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    const size_t colon = whole.find(':', start);
    parts.push_back(whole.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.size() != 3 && !(hours_optional && parts.size() == 2)) return std::nullopt;
  for (const auto& p : parts)
    if (!digits(p) || p.size() > 9) return std::nullopt;
  const size_t n = parts.size();
  const int64_t seconds = number(parts[n - 1]), minutes = number(parts[n - 2]);
  if (seconds > 59 || minutes > 59) return std::nullopt;
  const int64_t hours = n == 3 ? number(parts[0]) : 0;
  if (hours > kMaxHours) return std::nullopt;
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace packager::subtitles
