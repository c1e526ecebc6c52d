#include "player/session/live_status.h"

#include <cmath>
#include <cstdio>

namespace player {

std::string live_status(const SessionSnapshot& s) {
  if (!s.live) return {};
  if (std::isnan(s.live_latency_s)) return "LIVE  latency -";
  char line[96];
  const bool at_edge = s.live_latency_s <= s.live_target_s + kLiveBadgeSlackS;
  std::snprintf(line, sizeof line, "%s  latency %.1f s", at_edge ? "LIVE" : "behind live (l: back)", s.live_latency_s);
  std::string out = line;
  if (s.playback_rate > 1.0001) {
    std::snprintf(line, sizeof line, "  %.2fx", s.playback_rate);
    out += line;
  }
  return out;
}

}  // namespace player
