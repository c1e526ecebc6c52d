// `dash-player --info`: a readable account of an MPD: every Period (start,
// duration, events), every AdaptationSet (type, language, roles, codecs, and
// what the player does with it: plays it, offers it as a track, or why not),
// every Representation (bitrate, codecs, picture, addressing, segments).
#pragma once

#include <string>

#include "media/mpd/model.h"
#include "player/session/presentation.h"

namespace player {

// A presentation the player can play.
std::string describe(const Presentation& p);

// An MPD the player cannot play (or could not fully load): the same account
// without the player's choices, then `why_not`.
std::string describe(const media::Mpd& mpd, const std::string& mpd_url, const std::string& why_not);

}  // namespace player
