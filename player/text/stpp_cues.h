// TTML in ISO-BMFF (`stpp`, ISO/IEC 14496-30): each sample of a media
// segment is a whole TTML document whose times are on the track's timeline;
// a cue is clipped to the span of the sample that carries it (as dash.js
// does), and pieces that continue one another are joined. Pure code.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "media/error.h"
#include "media/isobmff/boxes.h"
#include "player/text/cue.h"

namespace player::text {

// Cues in milliseconds of the track's timeline (before presentationTimeOffset).
media::Result<std::vector<TextCue>> stpp_segment_cues(media::Bytes segment, uint32_t timescale,
                                                      const std::optional<media::TrackDefaults>& defaults);

}  // namespace player::text
