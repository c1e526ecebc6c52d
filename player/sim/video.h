// What the simulator needs to know about a video: the ladder and the size
// (and quality, when known) of every segment at every rung. Loaded from
// Pensieve's size files, Sabre's movie JSON, or a packaged presentation
// (MPD for the ladder and durations, segments.json for sizes and PSNR).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "media/error.h"
#include "player/abr/types.h"

namespace sim {

struct VideoModel {
  std::string name;
  std::vector<double> bitrates_bps;       // nominal ladder, lowest first
  std::vector<double> durations_s;        // per played segment
  // [row][rung], row-major. rows() ≥ played_segments: extra rows are never
  // played but may be looked ahead at (Pensieve's partial 49th chunk).
  std::vector<double> sizes_bytes;
  std::vector<double> psnr_db;            // same shape as sizes_bytes, or empty
  size_t played_segments = 0;

  size_t rungs() const { return bitrates_bps.size(); }
  size_t rows() const { return rungs() == 0 ? 0 : sizes_bytes.size() / rungs(); }
  double size_bytes(size_t segment, size_t rung) const { return sizes_bytes[segment * rungs() + rung]; }
  double total_duration_s() const;
  // Rows from `segment` on, for AbrContext.
  abr::RungTable sizes_from(size_t segment) const;
  abr::RungTable quality_from(size_t segment) const;
};

// Checks shapes and values (ascending positive ladder, positive durations,
// non-negative finite sizes); every loader ends with it.
media::Status validate(const VideoModel& video);

// Pensieve's reference ladder (kbit/s), the nominal bitrates of its 6 size files.
inline constexpr double kPensieveLadderKbps[] = {300, 750, 1200, 1850, 2850, 4300};
inline constexpr double kPensieveChunkS = 4;

// Pensieve size files: `video_size_<rung>` with one byte count per line
// (the first whitespace-separated field). Six files take the reference
// ladder; another count takes each rung's measured mean bitrate. The last
// line is the partial final chunk, which Pensieve never plays.
media::Result<VideoModel> parse_pensieve_sizes(const std::vector<std::string_view>& files, std::string name);
media::Result<VideoModel> load_pensieve_dir(const std::filesystem::path& dir);

// Sabre movie JSON: {"segment_duration_ms", "bitrates_kbps", "segment_sizes_bits": [[per rung], ...]}.
media::Result<VideoModel> parse_sabre_movie(std::string_view json, std::string name);

// A packaged presentation: the video AdaptationSet of the first Period of
// the MPD (its Representations sorted by bandwidth, segment durations from
// the addressing) and segments.json next to the MPD for sizes and PSNR.
media::Result<VideoModel> load_presentation(const std::filesystem::path& mpd_path);

// By shape: a directory with video_size_0 → Pensieve; a directory with
// manifest.mpd or a *.mpd file → presentation; otherwise Sabre JSON.
media::Result<VideoModel> load_video(const std::filesystem::path& path);

}  // namespace sim
