// WebVTT in ISO-BMFF (ISO/IEC 14496-30): the samples of one segment. A
// sample covers a span in which the set of active cues does not change and
// holds one 'vttc' box per active cue ('iden', 'sttg', 'payl'), or a 'vtte'
// box when none is; samples tile the segment without gaps, so a cue that
// spans a segment boundary (or another cue's start) is carried in each
// piece. Pure code.
#pragma once

#include <cstdint>
#include <vector>

#include "packager/subtitles/cue.h"

namespace packager::subtitles {

struct TextSample {
  int64_t start_ticks = 0;
  int64_t duration_ticks = 0;
  std::vector<uint8_t> data;  // vttc boxes or one vtte box
  bool operator==(const TextSample&) const = default;
};

// Cue milliseconds → ticks of `timescale` (rounded to the nearest tick).
int64_t ms_to_ticks(int64_t ms, uint32_t timescale);

// Samples tiling [start_ticks, end_ticks) (end > start).
std::vector<TextSample> wvtt_samples(const std::vector<Cue>& cues, int64_t start_ticks, int64_t end_ticks,
                                     uint32_t timescale);

}  // namespace packager::subtitles
