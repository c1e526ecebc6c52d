// Language, role and label of each audio and subtitle track, from what the
// input says (language metadata, dispositions, titles) and what the command
// line overrides (--audio-lang 1=fr, --audio-role 2=commentary). Pure code,
// unit tested.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "packager/stream_tags.h"
#include "packager/track_role.h"

namespace packager {

struct TrackIdentity {
  std::string lang;   // BCP 47, "und" when unknown
  TrackRole role = TrackRole::kMain;
  std::string label;  // the stream's title, else "English", "English (commentary)"
  bool operator==(const TrackIdentity&) const = default;
};

// Overrides are keyed by the stream's number among its kind (StreamTags::number).
struct TrackOverrides {
  std::map<int, std::string> langs;
  std::map<int, TrackRole> roles;
};

// Audio: a commentary disposition → commentary, visual-impaired →
// description; of the rest, per language, the default-flagged stream (else
// the first) is main and the others are alternate.
std::vector<TrackIdentity> identify_audio_tracks(const std::vector<StreamTags>& streams,
                                                 const TrackOverrides& overrides);

// Subtitles: hearing-impaired → caption, forced → forced-subtitle, else subtitle.
TrackIdentity identify_subtitle_track(const StreamTags& stream, const TrackOverrides& overrides);

}  // namespace packager
