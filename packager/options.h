// The options of one dash-package run: a plain struct with defaults (what
// the CLI fills in) and its validation. Pure code, unit tested.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "media/error.h"
#include "media/pathway.h"
#include "packager/ladder.h"
#include "packager/live/live_options.h"
#include "packager/pathways.h"
#include "packager/representation.h"

namespace packager {

inline constexpr const char* kPresets[] = {"ultrafast", "superfast", "veryfast", "faster", "fast",
                                           "medium",    "slow",      "slower",   "veryslow", "placebo"};

struct PackageOptions {
  std::vector<std::string> inputs;          // one file; one or more with --copy
  std::filesystem::path output_dir;         // -o: gets manifest.mpd, segments, segments.json
  std::optional<double> test_source_s;      // --test-source SECONDS instead of an input
  std::string test_source_size = "1280x720";  // WIDTHxHEIGHT of the test source
  std::string ladder;                       // --ladder text; empty = derived from the source
  double segment_duration_s = 4.0;          // seconds per segment (and key frame interval)
  Profile profile = Profile::kLive;         // live: file per segment; ondemand: file per representation + sidx
  std::string preset = "veryfast";          // x264 preset
  int64_t audio_rate_bps = 128'000;         // AAC-LC target rate
  bool copy = false;                        // package already-encoded renditions without re-encoding
  int threads = 0;                          // CPU threads to plan for; 0 = all cores
  int encoder_threads = 0;                  // x264 threads of every rung; 0 = planned per rung
  bool quiet = false;                       // no progress line
  bool json = false;                        // machine-readable summary on stdout
  bool verbose = false;                     // let libav* log warnings
  std::optional<LiveOptions> live;          // --live: package while the input runs (packager/live/)
  std::vector<media::Pathway> pathways;     // --pathway NAME=URL: a BaseURL each + <ContentSteering>
  std::string steering_url = kDefaultSteeringUrl;  // --steering-url: the steering server (relative to the MPD)
};

inline constexpr double kMinSegmentDurationS = 0.5;
inline constexpr double kMaxSegmentDurationS = 60.0;
inline constexpr double kMaxTestSourceS = 3600.0;

// Checks combinations and ranges; parses the ladder text (the parsed specs
// are returned so the pipeline need not parse again).
media::Result<std::vector<RungSpec>> validate_options(const PackageOptions& options);

// "1280x720" → {1280, 720}: even, within the ladder's dimension limits.
media::Result<std::pair<uint32_t, uint32_t>> parse_size(std::string_view text);

media::Result<Profile> parse_profile(std::string_view text);

}  // namespace packager
