#include "origin/live_manifest_policy.h"

#include <algorithm>
#include <cmath>

#include "media/mpd/duration.h"

namespace origin {
namespace {

constexpr size_t kRootElementBytes = 4096;  // the <MPD ...> start tag lies within this

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The value of attribute `name` in the <MPD> start tag (quoted '...' or "...").
std::optional<std::string> root_attribute(std::string_view mpd, std::string_view name) {
  const size_t start = mpd.find("<MPD");
  if (start == std::string_view::npos) return std::nullopt;
  std::string_view tag = mpd.substr(start, std::min(mpd.find('>', start), start + kRootElementBytes) - start);
  for (size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    if (at == 0 || !is_space(tag[at - 1])) continue;
    size_t i = at + name.size();
    while (i < tag.size() && is_space(tag[i])) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && is_space(tag[i])) ++i;
    if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) continue;
    const size_t end = tag.find(tag[i], i + 1);
    if (end == std::string_view::npos) return std::nullopt;
    return std::string(tag.substr(i + 1, end - i - 1));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> dynamic_manifest_cache_control(std::string_view mpd) {
  const auto type = root_attribute(mpd, "type");
  if (!type || *type != "dynamic") return std::nullopt;
  double max_age_s = 0;
  if (const auto mup = root_attribute(mpd, "minimumUpdatePeriod"))
    if (const auto d = media::parse_iso8601_duration(*mup)) max_age_s = std::floor(media::to_seconds(*d) / 2);
  if (max_age_s < 1) return std::string("no-cache");
  return "public, max-age=" + std::to_string(static_cast<long long>(max_age_s));
}

}  // namespace origin
