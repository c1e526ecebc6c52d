// What a track is for, as DASH Role (urn:mpeg:dash:role:2011) names it; the
// HLS playlists derive DEFAULT/AUTOSELECT/FORCED/CHARACTERISTICS from it.
// Pure code.
#pragma once

#include <optional>
#include <string_view>

namespace packager {

enum class TrackRole { kMain, kAlternate, kCommentary, kDescription, kSubtitle, kCaption, kForcedSubtitle };

constexpr std::string_view role_name(TrackRole r) {
  switch (r) {
    case TrackRole::kMain: return "main";
    case TrackRole::kAlternate: return "alternate";
    case TrackRole::kCommentary: return "commentary";
    case TrackRole::kDescription: return "description";
    case TrackRole::kSubtitle: return "subtitle";
    case TrackRole::kCaption: return "caption";
    case TrackRole::kForcedSubtitle: return "forced-subtitle";
  }
  return "main";
}

constexpr std::optional<TrackRole> parse_role(std::string_view s) {
  for (TrackRole r : {TrackRole::kMain, TrackRole::kAlternate, TrackRole::kCommentary, TrackRole::kDescription,
                      TrackRole::kSubtitle, TrackRole::kCaption, TrackRole::kForcedSubtitle})
    if (role_name(r) == s) return r;
  return std::nullopt;
}

constexpr bool is_audio_role(TrackRole r) {
  return r == TrackRole::kMain || r == TrackRole::kAlternate || r == TrackRole::kCommentary ||
         r == TrackRole::kDescription;
}

}  // namespace packager
