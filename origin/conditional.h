// Validators and conditional requests (RFC 9110 §8.8, §13): a strong ETag from
// the file's size and modification time, and the evaluation of
// If-None-Match / If-Modified-Since (→ 304) and If-Range (→ ignore Range).
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace origin {

struct Validators {
  std::string etag;          // strong, quoted: "\"5f3a-18c2b7e5a1b\""
  std::time_t last_modified = 0;
};

Validators make_validators(uint64_t size_bytes, int64_t mtime_ns);

// True when the client's copy is current and 304 Not Modified is the answer.
// If-None-Match wins over If-Modified-Since when both are present.
bool not_modified(const Validators& v, std::string_view if_none_match, std::string_view if_modified_since);

// True when a Range may be honoured: no If-Range, or it matches (strong ETag
// comparison, or a date equal to Last-Modified).
bool if_range_allows(const Validators& v, std::string_view if_range);

}  // namespace origin
