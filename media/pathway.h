// A content steering pathway (DASH-IF Content Steering 1.0): a name (the
// BaseURL@serviceLocation in the MPD, the entries of PATHWAY-PRIORITY) and
// the http(s) URL where the presentation is served on that path (a CDN, an
// origin). Given on command lines as NAME=URL.
#pragma once

#include <string>
#include <string_view>

#include "media/error.h"

namespace media {

struct Pathway {
  std::string name;  // letters, digits and . _ ~ - (at most 64): a token in every list it goes into
  std::string url;   // absolute http:// or https:// URL
  bool operator==(const Pathway&) const = default;
};

// "alpha=https://cdn-a.example.com/show/" → {alpha, https://...}; an error
// says what is wrong with the name or the URL.
Result<Pathway> parse_pathway(std::string_view text);

}  // namespace media
