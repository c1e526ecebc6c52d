// Pensieve's video description: a directory of `video_size_<rung>` files,
// one line per chunk holding its size in bytes (the first whitespace-separated
// field, as Pensieve's reader takes it). The files carry no ladder, so the
// nominal bitrates come from the options, or are Pensieve's own six rungs
// when there are six files (abr-reference/README.md).
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "media/error.h"
#include "player/sim/video_model.h"

namespace sim {

struct PensieveVideoOptions {
  std::vector<double> ladder_bps;  // nominal bitrates; empty: Pensieve's for 6 rungs, else the measured means
  double segment_duration_s = 4;   // Pensieve's VIDEO_CHUNCK_LEN
  // Pensieve plays all chunks but the last (a partial one): 48 of 49.
  bool drop_last_chunk = true;
};

// Pensieve's nominal ladder and resolutions (EnvivioDash3).
inline constexpr double kPensieveLadderBps[] = {300e3, 750e3, 1200e3, 1850e3, 2850e3, 4300e3};

// One size file's text → sizes in bytes. Errors name the line.
media::Result<std::vector<double>> parse_pensieve_sizes(std::string_view text);

// `texts[r]` is rung r's file; the rungs must have the same chunk count.
media::Result<VideoModel> pensieve_video_from_texts(const std::vector<std::string_view>& texts,
                                                    const PensieveVideoOptions& options, std::string name);

// A directory holding video_size_0 … video_size_<L−1>.
media::Result<VideoModel> read_pensieve_video(const std::filesystem::path& dir,
                                              const PensieveVideoOptions& options = {});

}  // namespace sim
