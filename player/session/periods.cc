#include "player/session/periods.h"

#include <algorithm>
#include <cctype>

namespace player {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

bool same_language(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return false;
  const std::string x = lower(a), y = lower(b);
  if (x == y) return true;
  auto primary = [](const std::string& s) { return s.substr(0, s.find('-')); };
  return (x.find('-') == std::string::npos && x == primary(y)) || (y.find('-') == std::string::npos && y == primary(x));
}

std::optional<size_t> choose_track(const std::vector<StreamInfo>& tracks, const TrackPreference& pref) {
  if (tracks.empty()) return std::nullopt;
  auto find = [&](auto&& fits) -> std::optional<size_t> {
    for (size_t i = 0; i < tracks.size(); ++i)
      if (fits(tracks[i])) return i;
    return std::nullopt;
  };
  const bool lang = !pref.lang.empty(), role = !pref.role.empty();
  if (lang && role)
    if (auto i = find([&](const StreamInfo& t) { return same_language(t.lang, pref.lang) && t.has_role(pref.role); }))
      return i;
  if (lang) {
    if (auto i = find([&](const StreamInfo& t) { return same_language(t.lang, pref.lang) && t.has_role("main"); }))
      return i;
    if (auto i = find([&](const StreamInfo& t) { return same_language(t.lang, pref.lang); })) return i;
  }
  if (role)
    if (auto i = find([&](const StreamInfo& t) { return t.has_role(pref.role); })) return i;
  if (auto i = find([](const StreamInfo& t) { return t.has_role("main"); })) return i;
  return 0;
}

TrackPreference preference_of(const StreamInfo& track) {
  return {track.lang, track.roles.empty() ? std::string() : track.roles.front()};
}

size_t period_at(const Presentation& p, double t_s) {
  size_t found = 0;
  for (size_t i = 0; i < p.periods.size(); ++i)
    if (p.periods[i].start_s <= t_s + 1e-6) found = i;
  return found;
}

size_t segment_at(const StreamInfo& s, double t_s) {
  size_t index = 0;
  const size_t count = s.segment_count();
  for (size_t i = 0; i < count; ++i)
    if (s.segment(0, i).start_s() <= t_s + 1e-6) index = i;
  return index;
}

size_t segment_from(const StreamInfo& s, double t_s) {
  const size_t count = s.segment_count();
  if (count == 0) return 0;
  const media::SegmentRef& last = s.segment(0, count - 1);
  if (t_s >= last.start_s() + last.duration_s() - 1e-6) return count;
  return segment_at(s, t_s);
}

size_t rung_for_bitrate(const StreamInfo& next, double bitrate_bps) {
  size_t rung = 0;
  for (size_t r = 0; r < next.representations.size(); ++r)
    if (static_cast<double>(next.representations[r].representation->bandwidth) <= bitrate_bps) rung = r;
  return rung;
}

}  // namespace player
