// Walking a multi-Period presentation: which track of a Period a stream
// plays (the listener's audio language and role, the chosen subtitles), which
// Period and segment hold a presentation time, and how a loader carries its
// rung from one Period's ladder to the next. Pure functions over Presentation.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "player/session/presentation.h"

namespace player {

// What the listener asked for: a language and a Role (either may be empty).
struct TrackPreference {
  std::string lang;
  std::string role;
  bool operator==(const TrackPreference&) const = default;
};

// The track that fits `pref` best: the same language and role, then the same
// language (the main role first), then the role alone, then the main track,
// then the first. nullopt only when `tracks` is empty.
std::optional<size_t> choose_track(const std::vector<StreamInfo>& tracks, const TrackPreference& pref);

// The preference a track stands for (to find "the same track" in the next Period).
TrackPreference preference_of(const StreamInfo& track);

// Languages match when equal ignoring case, or when one is the other's
// primary subtag ("en" and "en-GB").
bool same_language(const std::string& a, const std::string& b);

// The Period holding presentation time `t_s` (the last one starting at or
// before it; the first for earlier times).
size_t period_at(const Presentation& p, double t_s);

// The index of the segment of `s` that holds time `t_s` (the last one
// starting at or before it).
size_t segment_at(const StreamInfo& s, double t_s);

// Where a loader starts for time `t_s`: segment_at(), or segment_count()
// when `t_s` lies past the end of the last segment (the Period's media ended
// before it: a live input that was away until the next Period).
size_t segment_from(const StreamInfo& s, double t_s);

// The rung of `next` closest to `bitrate_bps` from below (the lowest when all
// are above): a ladder change at a Period boundary keeps the quality level.
size_t rung_for_bitrate(const StreamInfo& next, double bitrate_bps);

}  // namespace player
