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
#include "packager/cenc/encryption_options.h"
#include "packager/ladder.h"
#include "packager/live/live_options.h"
#include "packager/pathways.h"
#include "packager/representation.h"
#include "packager/subtitles/subtitle_file.h"
#include "packager/track_identity.h"
#include "packager/video_codec.h"

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
  std::vector<VideoCodec> codecs{VideoCodec::kH264};  // --codec h264,hevc,av1: one ladder (AdaptationSet) each
  std::string preset = "veryfast";          // x264/x265 preset (mapped for SVT-AV1)
  int64_t audio_rate_bps = 128'000;         // AAC-LC target rate (stereo)
  std::optional<std::vector<int>> audio_streams;  // --audio 0,2: numbers among the input's audio streams; nullopt: all
  TrackOverrides audio_overrides;           // --audio-lang 1=fr, --audio-role 2=commentary
  bool keep_surround = false;               // more than 2 channels → AAC 5.1 instead of a stereo downmix
  int64_t surround_rate_bps = 384'000;      // AAC-LC 5.1 target rate
  std::optional<std::vector<int>> subtitle_streams;  // --subtitle-streams: numbers among the input's text subtitle streams; nullopt: all
  TrackOverrides subtitle_overrides;        // --subtitle-lang 0=en, --subtitle-role 1=caption
  std::vector<subtitles::SubtitleFileSpec> subtitle_files;  // --subtitles FILE[:lang=..][:role=..][:name=..]
  bool subtitles_sidecar = false;           // DASH lists one .vtt file per text track instead of wvtt segments
  bool hls = false;                         // also write master.m3u8 and media playlists
  bool quality_display = false;             // --quality display: PSNR/SSIM at the top rung's size against the source
  std::optional<cenc::EncryptionOptions> encryption;  // --encrypt cenc|cbcs with a key: audio and video encrypted
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
