#include "origin/byte_range.h"

#include "media/text.h"

namespace origin {

RangeDecision decide_range(std::string_view header, uint64_t size) {
  RangeDecision full;
  header = media::trim(header);
  if (!media::starts_with_ci(header, "bytes=")) return full;
  std::string_view spec = media::trim(header.substr(6));
  if (spec.find(',') != std::string_view::npos) return full;  // several ranges: send it all
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return full;
  std::string_view first_text = media::trim(spec.substr(0, dash));
  std::string_view last_text = media::trim(spec.substr(dash + 1));
  RangeDecision d;
  d.outcome = RangeOutcome::kPartial;
  if (first_text.empty()) {  // suffix: the last N bytes
    auto n = media::parse_uint64(last_text);
    if (!n) return full;
    if (*n == 0 || size == 0) return {RangeOutcome::kUnsatisfiable, {}};
    d.range = {*n >= size ? 0 : size - *n, size - 1};
    return d;
  }
  auto first = media::parse_uint64(first_text);
  if (!first) return full;
  std::optional<uint64_t> last;
  if (!last_text.empty()) {
    last = media::parse_uint64(last_text);
    if (!last || *last < *first) return full;  // invalid: ignore the header
  }
  if (*first >= size) return {RangeOutcome::kUnsatisfiable, {}};
  d.range = {*first, last ? std::min(*last, size - 1) : size - 1};
  return d;
}

}  // namespace origin
