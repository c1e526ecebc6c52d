// WebVTT in ISO-BMFF (ISO/IEC 14496-30), as the packager writes it: each
// sample holds one `vttc` box per active cue (its `payl` is the cue text;
// `iden` and `sttg` are ignored) or one `vtte` box when no cue is active.
// A cue that spans several samples (it overlaps another cue's start or a
// segment boundary) comes out once, joined. Pure code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "media/error.h"
#include "media/isobmff/boxes.h"
#include "player/text/cue.h"

namespace player::text {

// The cue texts (WebVTT cue-text syntax) of one sample; empty for `vtte`.
media::Result<std::vector<std::string>> wvtt_sample_texts(media::Bytes sample);

// The cues of a `wvtt` media segment, in milliseconds of the track's
// timeline (before presentationTimeOffset). `timescale`: the init's mdhd.
media::Result<std::vector<TextCue>> wvtt_segment_cues(media::Bytes segment, uint32_t timescale,
                                                      const std::optional<media::TrackDefaults>& defaults);

// Joins cues that continue one another (same text and style, one ending
// where the next starts) and sorts by start time.
void join_continued_cues(std::vector<TextCue>& cues);

// Track ticks → milliseconds (rounded down; timescale > 0).
int64_t ticks_to_ms(int64_t ticks, uint32_t timescale);

}  // namespace player::text
