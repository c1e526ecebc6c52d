#include "packager/subtitles/cue_text.h"

#include <cctype>

namespace packager::subtitles {
namespace {

// "<i>", "</B>" → "i" / "/b" when a kept tag, else "".
std::string kept_tag(std::string_view tag) {
  std::string t;
  for (char c : tag) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* k : {"i", "b", "u", "/i", "/b", "/u"})
    if (t == k) return t;
  return "";
}

std::string escape_line(std::string_view line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '<') {
      const size_t close = line.find('>', i + 1);
      // Something that looks like a tag (no space right after '<').
      if (close != std::string_view::npos && i + 1 < line.size() && line[i + 1] != ' ') {
        const std::string kept = kept_tag(line.substr(i + 1, close - i - 1));
        if (!kept.empty()) out += "<" + kept + ">";
        i = close;
        continue;
      }
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '\t') {
      out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::string to_vtt_cue_text(const std::vector<std::string_view>& lines) {
  std::string out;
  for (const auto& line : lines) {
    const std::string escaped = escape_line(line);
    if (escaped.empty()) continue;
    if (!out.empty()) out += '\n';
    out += escaped;
  }
  return out;
}

std::vector<std::string> ass_text_lines(std::string_view field) {
  std::vector<std::string> lines(1);
  for (size_t i = 0; i < field.size(); ++i) {
    const char c = field[i];
    if (c == '{') {
      const size_t close = field.find('}', i + 1);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    if (c == '\\' && i + 1 < field.size()) {
      const char n = field[i + 1];
      if (n == 'N' || n == 'n') {
        lines.emplace_back();
        ++i;
        continue;
      }
      if (n == 'h') {
        lines.back() += ' ';
        ++i;
        continue;
      }
    }
    lines.back() += c;
  }
  return lines;
}

}  // namespace packager::subtitles
