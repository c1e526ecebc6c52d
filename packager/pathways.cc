#include "packager/pathways.h"

#include <set>

namespace packager {

media::Status validate_pathways(const std::vector<media::Pathway>& pathways, const std::string& steering_url) {
  auto invalid = [](std::string message) { return media::make_error(media::ErrorCode::kInvalidArgument, message); };
  if (pathways.size() > kMaxPathways) return invalid("at most 16 --pathway options");
  std::set<std::string> names;
  for (const auto& p : pathways)
    if (!names.insert(p.name).second) return invalid("--pathway name '" + p.name + "' is given twice");
  if (steering_url.empty() || steering_url.find_first_of(" \t\r\n\"<>") != std::string::npos)
    return invalid("--steering-url '" + steering_url + "' is not a URL");
  return {};
}

void add_pathways(media::Mpd& mpd, const std::vector<media::Pathway>& pathways, const std::string& steering_url) {
  if (pathways.empty()) return;
  for (const auto& p : pathways) {
    // Segment paths are relative: the BaseURL must name a directory.
    mpd.base_urls.push_back({p.url.back() == '/' ? p.url : p.url + "/", p.name, std::nullopt});
  }
  media::ContentSteering steering;
  steering.server_url = steering_url;
  steering.default_service_location = pathways.front().name;
  steering.query_before_start = true;  // steer from the first segment on
  mpd.content_steering = std::move(steering);
}

}  // namespace packager
