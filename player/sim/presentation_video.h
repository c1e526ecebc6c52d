// A presentation packaged by dash-package: the video representations of its
// MPD (ladder, resolutions) with the per-segment sizes and PSNR of the
// segments.json next to it. Representations are matched by id; the ladder is
// the MPD's @bandwidth, ascending.
#pragma once

#include <filesystem>

#include "media/error.h"
#include "media/mpd/model.h"
#include "media/segments_json.h"
#include "player/sim/video_model.h"

namespace sim {

media::Result<VideoModel> presentation_video(const media::Mpd& mpd, const media::PresentationMetadata& meta,
                                             std::string name);

// `path` is the MPD file, or a directory holding one MPD and segments.json.
media::Result<VideoModel> read_presentation_video(const std::filesystem::path& path);

}  // namespace sim
