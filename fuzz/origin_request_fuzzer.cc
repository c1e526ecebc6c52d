// The origin's request parsing on any bytes: path cleaning and percent
// decoding, Range decisions, conditional headers and HTTP dates. Checks the
// invariants too: a cleaned path never holds a dot segment, NUL or
// backslash, and a partial range always lies inside the representation.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "origin/byte_range.h"
#include "origin/conditional.h"
#include "origin/http_date.h"
#include "origin/path_resolver.h"
#include "origin/units.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto path = origin::clean_request_path(text);
  if (path.ok()) {
    const std::string& p = *path;
    if (p.empty() || p.front() != '/' || p.find('\0') != std::string::npos || p.find('\\') != std::string::npos ||
        p.find("/../") != std::string::npos || p.find("/./") != std::string::npos ||
        (p.size() >= 3 && p.compare(p.size() - 3, 3, "/..") == 0))
      std::abort();
  }
  const uint64_t sizes[] = {0, 1, 1000, uint64_t{1} << 40};
  for (uint64_t s : sizes) {
    origin::RangeDecision d = origin::decide_range(text, s);
    if (d.outcome == origin::RangeOutcome::kPartial && (d.range.first > d.range.last || d.range.last >= s)) std::abort();
  }
  origin::Validators v = origin::make_validators(size, static_cast<int64_t>(size) * 7);
  (void)origin::not_modified(v, text, text);
  (void)origin::if_range_allows(v, text);
  (void)origin::parse_http_date(text);
  (void)origin::parse_rate_bps(text);
  (void)origin::parse_duration_ms(text);
  return 0;
}
