// Sabre's movie description (UMass-LIDS/sabre, example/*.json):
//   {"segment_duration_ms": D, "bitrates_kbps": [...],
//    "segment_sizes_bits": [[bits at rung 0, rung 1, ...], ...]}
// Sizes are in bits, one inner list per segment; every segment is played.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "media/error.h"
#include "player/sim/video_model.h"

namespace sim {

media::Result<VideoModel> parse_sabre_movie(std::string_view text, std::string name = {});
media::Result<VideoModel> read_sabre_movie(const std::filesystem::path& path);

}  // namespace sim
