// The command-line vocabulary of track selection: "--audio 0,2" (or
// "none"), "--audio-lang 1=fr", "--audio-role 2=commentary". Pure code,
// unit tested; every error names the option and the text.
#pragma once

#include <string_view>
#include <vector>

#include "media/error.h"
#include "packager/track_identity.h"

namespace packager {

// "0,2" → {0, 2}; "none" → {} (no audio at all). Numbers are distinct, 0-63.
media::Result<std::vector<int>> parse_stream_numbers(std::string_view option, std::string_view text);

// "1=fr" into overrides.langs (a valid language tag); "2=commentary" into
// overrides.roles (an audio role when `audio`, else a subtitle role).
media::Status parse_lang_assignment(std::string_view option, std::string_view text, TrackOverrides& overrides);
media::Status parse_role_assignment(std::string_view option, std::string_view text, bool audio,
                                    TrackOverrides& overrides);

}  // namespace packager
