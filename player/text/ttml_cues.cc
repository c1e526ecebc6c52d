#include "player/text/ttml_cues.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include <pugixml.hpp>

namespace player::text {
namespace {

constexpr double kDefaultFrameRate = 30;  // TTML's default ttp:frameRate
// Times beyond this (about 11.5 days) are treated as malformed, which keeps
// milliseconds far from int64 limits.
constexpr double kMaxTimeMs = 1e9;
constexpr size_t kMaxCues = 100'000;

constexpr std::array<std::pair<std::string_view, uint32_t>, 18> kNamedColors{{
    {"black", 0x000000}, {"silver", 0xC0C0C0}, {"gray", 0x808080}, {"grey", 0x808080}, {"white", 0xFFFFFF},
    {"maroon", 0x800000}, {"red", 0xFF0000}, {"purple", 0x800080}, {"fuchsia", 0xFF00FF}, {"magenta", 0xFF00FF},
    {"green", 0x008000}, {"lime", 0x00FF00}, {"olive", 0x808000}, {"yellow", 0xFFFF00}, {"navy", 0x000080},
    {"blue", 0x0000FF}, {"teal", 0x008080}, {"cyan", 0x00FFFF},
}};

media::Error ttml_error(const std::string& why) { return media::make_error(media::ErrorCode::kParse, "TTML: " + why); }

std::string_view local_name(std::string_view qualified) {
  const size_t colon = qualified.rfind(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

// The attribute with this local name whatever its prefix (tts:color, begin, ...).
std::optional<std::string_view> attr(const pugi::xml_node& node, std::string_view name) {
  for (const pugi::xml_attribute& a : node.attributes())
    if (local_name(a.name()) == name) return std::string_view(a.value());
  return std::nullopt;
}

bool is_element(const pugi::xml_node& node, std::string_view name) {
  return node.type() == pugi::node_element && local_name(node.name()) == name;
}

std::optional<double> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Styling gathered from attributes (inline or in a referenced <style>).
void apply_style_attributes(const pugi::xml_node& node, CueStyle& style) {
  if (auto v = attr(node, "fontStyle"); v && (*v == "italic" || *v == "oblique")) style.italic = true;
  if (auto v = attr(node, "fontWeight"); v && *v == "bold") style.bold = true;
  if (auto v = attr(node, "color"); v && !style.color_rgb) style.color_rgb = parse_ttml_color(*v);
}

struct Document {
  double frame_rate = kDefaultFrameRate;
  double tick_rate = 1;
  std::map<std::string, pugi::xml_node, std::less<>> styles;  // xml:id → <style>, only while parsing
};

void apply_styles(const Document& doc, const pugi::xml_node& node, CueStyle& style) {
  apply_style_attributes(node, style);
  auto refs = attr(node, "style");
  if (!refs) return;
  std::string_view rest = *refs;
  while (!rest.empty()) {  // IDREFS: space separated
    const size_t space = rest.find(' ');
    const std::string_view id = rest.substr(0, space);
    if (auto s = doc.styles.find(id); s != doc.styles.end()) apply_style_attributes(s->second, style);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  }
}

// TTML's default whitespace handling: runs of spaces, tabs and line ends
// become one space; <br/> is the only line break.
void append_collapsed(std::string& out, std::string_view text) {
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ' && out.back() != '\n') {
      out += ' ';
    }
  }
}

void collect_text(const Document& doc, const pugi::xml_node& node, std::string& out, CueStyle& style) {
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      append_collapsed(out, child.value());
    } else if (is_element(child, "br")) {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += '\n';
    } else if (is_element(child, "span")) {
      apply_styles(doc, child, style);
      collect_text(doc, child, out, style);
    }
  }
}

// Lines trimmed, empty lines dropped.
std::string tidy_lines(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view line = trim(text.substr(0, nl));
    if (!line.empty()) {
      if (!out.empty()) out += '\n';
      out += line;
    }
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  return out;
}

struct Interval {
  std::optional<int64_t> begin_ms;  // absolute
  std::optional<int64_t> end_ms;    // absolute; unset: indefinite
};

// The element's interval within its parent's: begin and end are offsets from
// the parent's begin (TTML's default par time container).
media::Result<Interval> timing_of(const Document& doc, const pugi::xml_node& node, const Interval& parent) {
  auto time = [&](std::string_view name) -> media::Result<std::optional<int64_t>> {
    auto v = attr(node, name);
    if (!v) return std::optional<int64_t>();
    auto ms = parse_ttml_time_ms(*v, doc.frame_rate, doc.tick_rate);
    if (!ms) return ttml_error("<" + std::string(local_name(node.name())) + "> has " + std::string(name) + "=\"" +
                               std::string(*v) + "\", not a time expression");
    return ms;
  };
  auto begin = time("begin");
  if (!begin.ok()) return begin.error();
  auto end = time("end");
  if (!end.ok()) return end.error();
  auto dur = time("dur");
  if (!dur.ok()) return dur.error();
  const int64_t base = parent.begin_ms.value_or(0);
  Interval out;
  out.begin_ms = base + begin->value_or(0);
  if (*end) out.end_ms = base + **end;
  if (*dur) out.end_ms = out.end_ms ? std::min(*out.end_ms, *out.begin_ms + **dur) : *out.begin_ms + **dur;
  if (parent.end_ms) out.end_ms = out.end_ms ? std::min(*out.end_ms, *parent.end_ms) : *parent.end_ms;
  return out;
}

media::Status walk(const Document& doc, const pugi::xml_node& node, const Interval& parent, std::vector<TextCue>& cues) {
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    const bool p = is_element(child, "p");
    if (!p && !is_element(child, "div")) continue;
    auto interval = timing_of(doc, child, parent);
    if (!interval.ok()) return interval.error();
    if (!p) {
      DS_RETURN_IF_ERROR(walk(doc, child, *interval, cues));
      continue;
    }
    if (!interval->end_ms || *interval->end_ms <= *interval->begin_ms) continue;  // untimed or empty
    CueStyle style;
    for (pugi::xml_node up = child.parent(); up && !is_element(up, "tt"); up = up.parent()) apply_styles(doc, up, style);
    apply_styles(doc, child, style);
    std::string text;
    collect_text(doc, child, text, style);
    text = tidy_lines(text);
    if (text.empty()) continue;
    if (cues.size() >= kMaxCues) return ttml_error("more than " + std::to_string(kMaxCues) + " cues");
    cues.push_back({*interval->begin_ms, *interval->end_ms, std::move(text), style});
  }
  return {};
}

}  // namespace

std::optional<int64_t> parse_ttml_time_ms(std::string_view e, double frame_rate, double tick_rate) {
  e = trim(e);
  if (e.empty()) return std::nullopt;
  double ms = -1;
  if (e.find(':') != std::string_view::npos) {
    // clock-time: hh:mm:ss[.fraction] or hh:mm:ss:frames[.subframes]
    std::array<std::string_view, 4> parts{};
    size_t n = 0, start = 0;
    for (;;) {
      if (n == parts.size()) return std::nullopt;
      const size_t colon = e.find(':', start);
      parts[n++] = e.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
    if (n < 3) return std::nullopt;
    auto h = parse_number(parts[0]), m = parse_number(parts[1]), s = parse_number(parts[2]);
    if (!h || !m || !s || parts[0].find('.') != std::string_view::npos || parts[1].find('.') != std::string_view::npos ||
        *m >= 60 || *s >= 61)
      return std::nullopt;
    ms = ((*h * 60 + *m) * 60 + *s) * 1000;
    if (n == 4) {
      auto frames = parse_number(parts[3]);
      if (!frames || parts[2].find('.') != std::string_view::npos || frame_rate <= 0) return std::nullopt;
      ms += std::floor(*frames) / frame_rate * 1000;
    }
  } else {
    // offset-time: number metric
    size_t unit = 0;
    while (unit < e.size() && (std::isdigit(static_cast<unsigned char>(e[unit])) || e[unit] == '.')) ++unit;
    auto value = parse_number(e.substr(0, unit));
    const std::string_view metric = e.substr(unit);
    if (!value) return std::nullopt;
    if (metric == "h") ms = *value * 3'600'000;
    else if (metric == "m") ms = *value * 60'000;
    else if (metric == "s") ms = *value * 1000;
    else if (metric == "ms") ms = *value;
    else if (metric == "f" && frame_rate > 0) ms = *value / frame_rate * 1000;
    else if (metric == "t" && tick_rate > 0) ms = *value / tick_rate * 1000;
    else return std::nullopt;
  }
  if (!(ms >= 0 && ms <= kMaxTimeMs)) return std::nullopt;
  return static_cast<int64_t>(std::llround(ms));
}

std::optional<uint32_t> parse_ttml_color(std::string_view v) {
  v = trim(v);
  for (const auto& [name, rgb] : kNamedColors)
    if (v == name) return rgb;
  if (!v.empty() && v[0] == '#' && (v.size() == 7 || v.size() == 9)) {
    uint32_t rgba = 0;
    auto [end, ec] = std::from_chars(v.data() + 1, v.data() + v.size(), rgba, 16);
    if (ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
    return v.size() == 7 ? rgba : rgba >> 8;
  }
  for (std::string_view fn : {"rgba(", "rgb("}) {
    if (v.substr(0, fn.size()) != fn || v.back() != ')') continue;
    std::string_view args = v.substr(fn.size(), v.size() - fn.size() - 1);
    uint32_t rgb = 0;
    for (int i = 0; i < 3; ++i) {
      const size_t comma = args.find(',');
      if (comma == std::string_view::npos && i < 2) return std::nullopt;
      auto c = parse_number(trim(args.substr(0, comma)));
      if (!c || *c > 255) return std::nullopt;
      rgb = (rgb << 8) | static_cast<uint32_t>(*c);
      args = comma == std::string_view::npos ? std::string_view() : args.substr(comma + 1);
    }
    return rgb;
  }
  return std::nullopt;
}

media::Result<std::vector<TextCue>> parse_ttml_cues(std::string_view xml) {
  pugi::xml_document dom;
  const pugi::xml_parse_result parsed = dom.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata);
  if (!parsed)
    return ttml_error(std::string(parsed.description()) + " at byte " + std::to_string(parsed.offset));
  const pugi::xml_node tt = dom.document_element();
  if (!is_element(tt, "tt"))
    return ttml_error("the root element is <" + std::string(tt.name()) + ">, not <tt>");
  Document doc;
  if (auto fr = attr(tt, "frameRate")) {
    auto v = parse_number(*fr);
    if (!v || *v <= 0) return ttml_error("ttp:frameRate=\"" + std::string(*fr) + "\" is not a positive number");
    doc.frame_rate = *v;
    doc.tick_rate = *v;  // TTML: the tick rate defaults to the frame rate when one is given
  }
  if (auto tr = attr(tt, "tickRate")) {
    auto v = parse_number(*tr);
    if (!v || *v <= 0) return ttml_error("ttp:tickRate=\"" + std::string(*tr) + "\" is not a positive number");
    doc.tick_rate = *v;
  }
  for (const pugi::xml_node& head : tt.children())
    if (is_element(head, "head"))
      for (const pugi::xml_node& styling : head.children())
        if (is_element(styling, "styling"))
          for (const pugi::xml_node& style : styling.children())
            if (is_element(style, "style"))
              if (auto id = attr(style, "id")) doc.styles.emplace(std::string(*id), style);
  std::vector<TextCue> cues;
  for (const pugi::xml_node& body : tt.children()) {
    if (!is_element(body, "body")) continue;
    auto interval = timing_of(doc, body, Interval{0, std::nullopt});
    if (!interval.ok()) return interval.error();
    // The body's own <p> children are not allowed by TTML, but walk() accepts them.
    DS_RETURN_IF_ERROR(walk(doc, body, *interval, cues));
  }
  std::stable_sort(cues.begin(), cues.end(), [](const TextCue& a, const TextCue& b) { return a.start_ms < b.start_ms; });
  return cues;
}

}  // namespace player::text
