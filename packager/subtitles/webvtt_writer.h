// WebVTT text output: a whole sidecar file, or one segment of an HLS
// subtitle playlist (RFC 8216 3.5: each segment a complete WebVTT file,
// with X-TIMESTAMP-MAP tying cue times to the media timeline). Pure code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "packager/subtitles/cue.h"

namespace packager::subtitles {

std::string write_webvtt(const std::vector<Cue>& cues);

// The cues that overlap [start_ms, end_ms), with their own (unsplit) times,
// under a header mapping cue time 0 to media time 0 (CMAF segments start
// at decode time 0).
std::string write_webvtt_segment(const std::vector<Cue>& cues, int64_t start_ms, int64_t end_ms);

}  // namespace packager::subtitles
