#include "player/text/cue_markup.h"

#include <array>
#include <charconv>
#include <optional>
#include <utility>

namespace player::text {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kNamedReferences{{
    {"amp", "&"},
    {"lt", "<"},
    {"gt", ">"},
    {"quot", "\""},
    {"apos", "'"},
    {"nbsp", "\xC2\xA0"},
    {"lrm", ""},  // direction marks: the renderer lays out left to right anyway
    {"rlm", ""},
}};

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The code point of "#233" or "#xE9", when valid (no surrogates, no NUL).
std::optional<uint32_t> numeric_reference(std::string_view name) {
  if (name.size() < 2 || name[0] != '#') return std::nullopt;
  const bool hex = name[1] == 'x' || name[1] == 'X';
  const std::string_view digits = name.substr(hex ? 2 : 1);
  uint32_t cp = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return cp;
}

std::string_view tag_name(std::string_view tag) {
  if (!tag.empty() && tag[0] == '/') tag.remove_prefix(1);
  const size_t end = tag.find_first_of(". \t");
  return tag.substr(0, end);
}

}  // namespace

std::string decode_character_references(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const size_t semi = text.find(';', i + 1);
    const std::string_view name = semi == std::string_view::npos ? std::string_view() : text.substr(i + 1, semi - i - 1);
    bool decoded = false;
    for (const auto& [n, value] : kNamedReferences)
      if (name == n) {
        out += value;
        decoded = true;
      }
    if (!decoded)
      if (auto cp = numeric_reference(name)) {
        append_utf8(out, *cp);
        decoded = true;
      }
    if (decoded) i = semi;
    else out += '&';
  }
  return out;
}

StyledText strip_cue_markup(std::string_view cue_text) {
  StyledText out;
  std::string plain;
  for (size_t i = 0; i < cue_text.size(); ++i) {
    if (cue_text[i] != '<') {
      plain += cue_text[i];
      continue;
    }
    const size_t close = cue_text.find('>', i + 1);
    if (close == std::string_view::npos) break;  // an unterminated tag hides the rest, as in browsers
    const std::string_view name = tag_name(cue_text.substr(i + 1, close - i - 1));
    if (name == "i") out.style.italic = true;
    if (name == "b") out.style.bold = true;
    i = close;
  }
  out.text = decode_character_references(plain);
  return out;
}

}  // namespace player::text
