#include "player/abr/types.h"

#include <cstdio>

namespace abr {

const char* to_string(PlaybackState state) {
  switch (state) {
    case PlaybackState::kStartup: return "startup";
    case PlaybackState::kPlaying: return "playing";
    case PlaybackState::kStalled: return "stalled";
    case PlaybackState::kPaused: return "paused";
  }
  return "?";
}

double AbrContext::size_bytes(size_t row, size_t rung) const {
  if (row < upcoming_sizes_bytes.rows() && rung < upcoming_sizes_bytes.rungs) return upcoming_sizes_bytes.at(row, rung);
  return bitrates_bps[rung] * segment_duration_s / 8;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"
std::string Reason::text() const {
  char buf[256];
  int n = 0;
  switch (count) {
    case 0: n = std::snprintf(buf, sizeof buf, "%s", format); break;
    case 1: n = std::snprintf(buf, sizeof buf, format, values[0]); break;
    case 2: n = std::snprintf(buf, sizeof buf, format, values[0], values[1]); break;
    case 3: n = std::snprintf(buf, sizeof buf, format, values[0], values[1], values[2]); break;
    default: n = std::snprintf(buf, sizeof buf, format, values[0], values[1], values[2], values[3]); break;
  }
  return n < 0 ? std::string(format) : std::string(buf);
}
#pragma GCC diagnostic pop

std::ostream& operator<<(std::ostream& os, const SegmentResult& r) {
  return os << "{segment " << r.segment_index << " rung " << r.rung << ", " << r.size_bytes << " B in "
            << r.download_s << " s + ttfb " << r.ttfb_s << " s, buffer " << r.buffer_after_s << " s"
            << (r.abandoned ? ", abandoned" : "") << "}";
}

std::ostream& operator<<(std::ostream& os, const Decision& d) {
  os << "{rung " << d.rung;
  if (d.wait_s > 0) os << ", wait " << d.wait_s << " s";
  return os << ": " << d.reason_text() << "}";
}

}  // namespace abr
