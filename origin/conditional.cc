#include "origin/conditional.h"

#include <cstdio>

#include "media/text.h"
#include "origin/http_date.h"

namespace origin {

Validators make_validators(uint64_t size_bytes, int64_t mtime_ns) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "\"%llx-%llx\"", static_cast<unsigned long long>(size_bytes),
                static_cast<unsigned long long>(mtime_ns));
  return {buf, static_cast<std::time_t>(mtime_ns / 1'000'000'000)};
}

bool not_modified(const Validators& v, std::string_view if_none_match, std::string_view if_modified_since) {
  if_none_match = media::trim(if_none_match);
  if (!if_none_match.empty()) {
    if (if_none_match == "*") return true;
    // Weak comparison: W/"x" matches "x".
    for (std::string_view tag : media::split(if_none_match, ',')) {
      tag = media::trim(tag);
      if (media::starts_with_ci(tag, "W/")) tag.remove_prefix(2);
      if (tag == v.etag) return true;
    }
    return false;
  }
  if_modified_since = media::trim(if_modified_since);
  if (!if_modified_since.empty()) {
    auto since = parse_http_date(if_modified_since);
    return since && v.last_modified <= *since;
  }
  return false;
}

bool if_range_allows(const Validators& v, std::string_view if_range) {
  if_range = media::trim(if_range);
  if (if_range.empty()) return true;
  if (if_range.front() == '"') return if_range == v.etag;  // strong comparison only
  if (media::starts_with_ci(if_range, "W/")) return false;
  auto date = parse_http_date(if_range);
  return date && *date == v.last_modified;
}

}  // namespace origin
