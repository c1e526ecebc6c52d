// Measures how costly a video segment is to decode here: the CPU time of
// this thread (so other load on the machine does not count) spent decoding
// every frame of one media segment on one decoder thread, per decoded pixel.
// The player runs it on the first segment of each codec offered and plays
// the cheapest.
#pragma once

#include <string>

#include "media/error.h"

namespace player {

// `init` + `segment`: an fMP4 init segment and one media segment of it.
media::Result<double> measure_decode_cost(const std::string& init, const std::string& segment);

}  // namespace player
