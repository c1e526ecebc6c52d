// dash-package --pathway NAME=URL: the presentation is served on several
// paths (CDNs, origins). The MPD gets one MPD-level BaseURL per pathway
// (serviceLocation=NAME, the URL with a trailing '/'), in the order given,
// and a <ContentSteering> element naming the steering server, so a player
// asks it which pathway to use (DASH-IF Content Steering 1.0); the first
// pathway is the default until the first answer. Pure code.
#pragma once

#include <string>
#include <vector>

#include "media/error.h"
#include "media/mpd/model.h"
#include "media/pathway.h"

namespace packager {

inline constexpr const char* kDefaultSteeringUrl = "/_steering";  // dash-origin --steering, relative to the MPD
inline constexpr size_t kMaxPathways = 16;

// Distinct names, at most kMaxPathways, a steering URL without spaces.
media::Status validate_pathways(const std::vector<media::Pathway>& pathways, const std::string& steering_url);

// Adds the BaseURLs and <ContentSteering> (nothing when `pathways` is empty).
void add_pathways(media::Mpd& mpd, const std::vector<media::Pathway>& pathways, const std::string& steering_url);

}  // namespace packager
