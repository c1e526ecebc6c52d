#include "origin/live_manifest_policy.h"

#include <algorithm>
#include <cmath>
#include <regex>

#include "media/mpd/duration.h"

namespace origin {
namespace {

constexpr size_t kRootElementBytes = 4096;  // the <MPD ...> start tag lies within this

// The value of attribute `name` in the <MPD> start tag.
std::optional<std::string> root_attribute(std::string_view mpd, const char* name) {
  const size_t start = mpd.find("<MPD");
  if (start == std::string_view::npos) return std::nullopt;
  const size_t end = mpd.find('>', start);
  const std::string tag(mpd.substr(start, std::min(end, kRootElementBytes) - start));
  const std::regex pattern(std::string("\\s") + name + "\\s*=\\s*[\"']([^\"']*)[\"']");
  std::smatch m;
  if (!std::regex_search(tag, m, pattern)) return std::nullopt;
  return m[1].str();
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
