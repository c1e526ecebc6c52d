#include "packager/track_identity.h"

#include <set>

#include "packager/language.h"

namespace packager {
namespace {

std::string lang_of(const StreamTags& s, const TrackOverrides& o) {
  auto it = o.langs.find(s.number);
  return bcp47_language(it != o.langs.end() ? it->second : s.language);
}

std::string label_of(const StreamTags& s, const std::string& lang, TrackRole role, TrackRole plain_role) {
  if (!s.title.empty()) return s.title;
  std::string label = lang == kUndeterminedLanguage ? "Unknown language" : language_name(lang);
  if (role != plain_role && role != TrackRole::kAlternate) label += " (" + std::string(role_name(role)) + ")";
  return label;
}

}  // namespace

std::vector<TrackIdentity> identify_audio_tracks(const std::vector<StreamTags>& streams,
                                                 const TrackOverrides& overrides) {
  std::vector<TrackIdentity> out(streams.size());
  std::vector<bool> decided(streams.size(), false);
  for (size_t i = 0; i < streams.size(); ++i) {
    const StreamTags& s = streams[i];
    out[i].lang = lang_of(s, overrides);
    if (auto it = overrides.roles.find(s.number); it != overrides.roles.end()) {
      out[i].role = it->second;
      decided[i] = true;
    } else if (s.commentary) {
      out[i].role = TrackRole::kCommentary;
      decided[i] = true;
    } else if (s.visual_impaired) {
      out[i].role = TrackRole::kDescription;
      decided[i] = true;
    }
  }
  // Per language, one main: the default-flagged undecided stream, else the first.
  std::set<std::string> has_main;
  for (size_t i = 0; i < streams.size(); ++i)
    if (decided[i] && out[i].role == TrackRole::kMain) has_main.insert(out[i].lang);
  for (bool defaults_only : {true, false})
    for (size_t i = 0; i < streams.size(); ++i) {
      if (decided[i] || has_main.count(out[i].lang) || (defaults_only && !streams[i].is_default)) continue;
      out[i].role = TrackRole::kMain;
      decided[i] = true;
      has_main.insert(out[i].lang);
    }
  for (size_t i = 0; i < streams.size(); ++i) {
    if (!decided[i]) out[i].role = TrackRole::kAlternate;
    out[i].label = label_of(streams[i], out[i].lang, out[i].role, TrackRole::kMain);
  }
  return out;
}

TrackIdentity identify_subtitle_track(const StreamTags& s, const TrackOverrides& overrides) {
  TrackIdentity t;
  t.lang = lang_of(s, overrides);
  if (auto it = overrides.roles.find(s.number); it != overrides.roles.end()) t.role = it->second;
  else if (s.hearing_impaired) t.role = TrackRole::kCaption;
  else if (s.forced) t.role = TrackRole::kForcedSubtitle;
  else t.role = TrackRole::kSubtitle;
  t.label = label_of(s, t.lang, t.role, TrackRole::kSubtitle);
  return t;
}

}  // namespace packager
