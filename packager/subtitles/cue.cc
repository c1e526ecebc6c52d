#include "packager/subtitles/cue.h"

#include <algorithm>
#include <cstdio>

namespace packager::subtitles {

std::ostream& operator<<(std::ostream& os, const Cue& c) {
  return os << "Cue{" << c.start_ms << "-" << c.end_ms << " '" << c.text << "'}";
}

void normalize_cues(std::vector<Cue>& cues) {
  std::erase_if(cues, [](const Cue& c) { return c.end_ms <= c.start_ms || c.end_ms <= 0 || c.text.empty(); });
  for (auto& c : cues) c.start_ms = std::max<int64_t>(0, c.start_ms);
  std::stable_sort(cues.begin(), cues.end(), [](const Cue& a, const Cue& b) { return a.start_ms < b.start_ms; });
}

std::string format_vtt_time(int64_t ms) {
  ms = std::max<int64_t>(0, ms);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld", static_cast<long long>(ms / 3'600'000),
                static_cast<long long>(ms / 60'000 % 60), static_cast<long long>(ms / 1000 % 60),
                static_cast<long long>(ms % 1000));
  return buf;
}

}  // namespace packager::subtitles
