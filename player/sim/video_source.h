// Loads a video description for the simulator from whatever `path` is:
// - a directory with video_size_0 … (Pensieve's size files),
// - a .json file (Sabre's movie description),
// - an .mpd file, or a directory with an MPD and segments.json (a presentation
//   packaged by dash-package).
#pragma once

#include <filesystem>

#include "media/error.h"
#include "player/sim/video_model.h"

namespace sim {

media::Result<VideoModel> load_video(const std::filesystem::path& path);

}  // namespace sim
