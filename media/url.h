// URL reference resolution (RFC 3986 §5) for MPD BaseURLs and segment URLs.
// Works for http(s) URLs and for plain filesystem paths (a base without a
// scheme is treated as a path), so local MPDs resolve to local files.
#pragma once

#include <string>
#include <string_view>

namespace media {

struct UrlParts {
  std::string scheme;     // "http", "" for a plain path
  std::string authority;  // "host:port"
  bool has_authority = false;
  std::string path;
  std::string query;  // without '?'
  bool has_query = false;
  std::string fragment;  // without '#'
  bool has_fragment = false;
};

UrlParts split_url(std::string_view url);
std::string join_url(const UrlParts& parts);

// Resolves `reference` against `base` (RFC 3986 §5.2), removing dot segments.
std::string resolve_url(std::string_view base, std::string_view reference);

// True for "scheme:..." references (http://x, file:///x).
bool is_absolute_url(std::string_view url);

// Percent-encodes all but unreserved characters (RFC 3986 §2.3) and '/', for
// a path or a query value put into a URL.
std::string percent_encode(std::string_view text);

}  // namespace media
