// The samples of a fragmented MP4 media segment of a text track (`wvtt`,
// `stpp`): each sample's bytes and its time on the track's timeline, from
// every moof/traf (`tfhd` defaults and base offsets, `tfdt`, each `trun`'s
// entries) with the init segment's `trex` defaults. A small box reader rather
// than libavformat: the text path stays free of libav* and of a demuxer per
// segment (and is fuzzed on its own). Every field is bounds-checked:
// malformed input yields an Error, never a read past the buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "media/error.h"
#include "media/isobmff/boxes.h"

namespace player::text {

struct TimedSample {
  int64_t start_ticks = 0;  // decode time + composition offset, in the track's timescale
  int64_t duration_ticks = 0;
  std::span<const uint8_t> data;  // views the segment passed in
};

// `defaults`: the init segment's trex (media::parse_init_segment), if any.
media::Result<std::vector<TimedSample>> fragment_samples(media::Bytes segment,
                                                         const std::optional<media::TrackDefaults>& defaults);

}  // namespace player::text
