// Checks a presentation written by dash-package the way the acceptance
// criteria state them: schema-valid MPD; every representation's segments
// exist and start at the same tfdt; equal segment counts; audio and video
// segment durations within one frame; on-demand sidx ranges that match the
// MPD; segments.json sizes equal to the bytes on disk; FFmpeg's DASH
// demuxer decodes every representation; dash-player plays it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace packager_test {

struct Expected {
  size_t video_representations = 0;  // 0: audio only
  bool audio = true;
  std::optional<size_t> segments;    // per representation
  std::optional<int> video_frames;   // frames per video representation
  double frame_s = 1.0 / 30;         // one video frame, the A/V tolerance
  std::optional<std::pair<uint32_t, uint32_t>> top_size;  // width x height of the largest rung
  bool psnr = true;                  // video segments carry the encoder's PSNR (not with --copy)
  size_t audio_tracks = 1;           // audio representations when `audio`
  std::string decryption_key = {};   // hex: the media is encrypted (FFmpeg decrypts; dash-player is skipped)
};

// Runs dash-package with `args` (already shell-quoted); returns its exit code and output.
struct RunResult {
  int exit_code = -1;
  std::string output;
};
RunResult run_package(const std::string& args);

std::filesystem::path package_binary();
std::filesystem::path player_binary();

// Adds gtest failures for every violated property.
void check_presentation(const std::filesystem::path& dir, const Expected& expected);

}  // namespace packager_test
