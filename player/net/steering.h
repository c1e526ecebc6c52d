// DASH-IF Content Steering 1.0, the client's side of the wire: the steering
// manifest a steering server answers (a JSON object: VERSION, TTL,
// RELOAD-URI, PATHWAY-PRIORITY), and the request URL that tells the server
// which pathway the player uses and the throughput it sees there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "media/error.h"

namespace player {

struct SteeringManifest {
  double ttl_s = 300;                 // TTL: ask again after this long (the spec's default)
  std::string reload_uri;             // RELOAD-URI (may be relative to the manifest's URL); empty: the same URL
  std::vector<std::string> priority;  // PATHWAY-PRIORITY: pathway names, best first
};

// Parses a steering manifest; an error names what is missing or malformed.
// PATHWAY-CLONES and unknown keys are ignored.
media::Result<SteeringManifest> parse_steering_manifest(std::string_view json);

// `url` with the steering query parameters added: _DASH_pathway="NAME"
// (omitted when `pathway` is empty) and _DASH_throughput in bits/s (omitted
// while nothing has been measured).
std::string steering_request_url(const std::string& url, const std::string& pathway, double throughput_bps);

}  // namespace player
