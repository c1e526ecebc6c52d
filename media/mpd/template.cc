#include "media/mpd/template.h"

#include <cstdio>

namespace media {
namespace {

Error template_error(std::string_view tmpl, std::string what) {
  return make_error(ErrorCode::kParse, "SegmentTemplate '" + std::string(tmpl) + "': " + std::move(what));
}

// Formats `value` with a tag like "%05d" (width ≤ 32; conversions d i u x X o).
std::optional<std::string> format_tag(std::string_view tag, uint64_t value) {
  if (tag.size() < 2 || tag.front() != '%') return std::nullopt;
  char conv = tag.back();
  std::string_view width = tag.substr(1, tag.size() - 2);
  bool zero = !width.empty() && width.front() == '0';
  if (zero) width.remove_prefix(1);
  int w = 0;
  for (char c : width) {
    if (c < '0' || c > '9') return std::nullopt;
    w = w * 10 + (c - '0');
    if (w > 32) return std::nullopt;
  }
  const char* fmt = nullptr;
  switch (conv) {
    case 'd': case 'i': case 'u': fmt = zero ? "%0*llu" : "%*llu"; break;
    case 'x': fmt = zero ? "%0*llx" : "%*llx"; break;
    case 'X': fmt = zero ? "%0*llX" : "%*llX"; break;
    case 'o': fmt = zero ? "%0*llo" : "%*llo"; break;
    default: return std::nullopt;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, w, static_cast<unsigned long long>(value));
  return std::string(buf);
}

}  // namespace

Result<std::string> expand_template(std::string_view tmpl, const TemplateValues& values) {
  std::string out;
  out.reserve(tmpl.size() + 16);
  size_t i = 0;
  while (i < tmpl.size()) {
    char c = tmpl[i];
    if (c != '$') {
      out += c;
      ++i;
      continue;
    }
    size_t end = tmpl.find('$', i + 1);
    if (end == std::string_view::npos) return template_error(tmpl, "unterminated '$'");
    std::string_view ident = tmpl.substr(i + 1, end - i - 1);
    i = end + 1;
    if (ident.empty()) {  // "$$"
      out += '$';
      continue;
    }
    size_t pct = ident.find('%');
    std::string_view name = ident.substr(0, pct);
    std::string_view tag = pct == std::string_view::npos ? std::string_view("%01d") : ident.substr(pct);
    if (name == "RepresentationID") {
      if (pct != std::string_view::npos) return template_error(tmpl, "$RepresentationID$ takes no format tag");
      out += values.representation_id;
      continue;
    }
    std::optional<uint64_t> value;
    if (name == "Number") value = values.number;
    else if (name == "Time") value = values.time;
    else if (name == "Bandwidth") value = values.bandwidth;
    else return template_error(tmpl, "unknown identifier $" + std::string(ident) + "$");
    if (!value) return template_error(tmpl, "$" + std::string(name) + "$ has no value here");
    auto formatted = format_tag(tag, *value);
    if (!formatted) return template_error(tmpl, "bad format tag '" + std::string(tag) + "'");
    out += *formatted;
  }
  return out;
}

}  // namespace media
