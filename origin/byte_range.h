// The Range request header (RFC 9110 §14): one "bytes=" range, open-ended
// ("100-") or suffix ("-500"), resolved against the representation's size.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace origin {

struct ResolvedRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
  uint64_t length() const { return last - first + 1; }
  bool operator==(const ResolvedRange&) const = default;
};

enum class RangeOutcome {
  kFull,           // no usable Range: send the whole representation (200)
  kPartial,        // one satisfiable range (206)
  kUnsatisfiable,  // 416 with "Content-Range: bytes */size"
};

struct RangeDecision {
  RangeOutcome outcome = RangeOutcome::kFull;
  ResolvedRange range;
};

// Malformed headers, other units and multiple ranges are ignored (full
// response), as RFC 9110 allows; a syntactically valid range that selects no
// byte is unsatisfiable.
RangeDecision decide_range(std::string_view header, uint64_t size);

}  // namespace origin
