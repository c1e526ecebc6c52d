// Small presentations made by the FFmpeg CLI for the player's integration
// tests (320x180, a few seconds), cached per build tree.
#pragma once

#include <filesystem>
#include <string>

#include "support/process.h"

namespace player_test {

// `ffmpeg ... -f dash` of `seconds` of testsrc2 (H.264, two rungs) and a sine
// (AAC) into `out/manifest.mpd`, 2 s segments, $Number$ templates.
inline bool make_basic_dash(const std::filesystem::path& out, int seconds, std::string& error) {
  std::filesystem::create_directories(out);
  const std::string s = std::to_string(seconds);
  auto r = testing_support::run_command(
      "ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x180:rate=25:duration=" + s +
      " -f lavfi -i sine=frequency=440:sample_rate=48000:duration=" + s +
      " -map 0:v -map 0:v -map 1:a -c:v libx264 -preset ultrafast -g 50 -keyint_min 50 -sc_threshold 0"
      " -s:v:1 160x90 -b:v:0 300k -b:v:1 100k -c:a aac -b:a 48k -adaptation_sets 'id=0,streams=v id=1,streams=a'"
      " -f dash -seg_duration 2 -use_template 1 -use_timeline 0 " +
      testing_support::shell_quote((out / "manifest.mpd").string()));
  if (r.exit_code != 0) error = r.output;
  return r.exit_code == 0;
}

}  // namespace player_test
