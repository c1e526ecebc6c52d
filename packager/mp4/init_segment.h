// The initialization segment of one fragmented-MP4 track (ftyp + moov with
// an empty sample table and mvex/trex), as CMAF and the DASH ISO-BMFF
// profiles want it: one track per file, codec configuration in the sample
// entry (avcC / hvcC / av1C / esds / vttC), no samples.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "packager/mp4/protection.h"

namespace packager::mp4 {

struct VideoTrack {
  uint32_t width = 0;   // pixels
  uint32_t height = 0;
  uint32_t sar_num = 1;  // pixel aspect ratio, written as 'pasp'
  uint32_t sar_den = 1;
  std::vector<uint8_t> config;        // the decoder configuration record (avcC, hvcC or av1C payload)
  std::string sample_entry = "avc1";  // "avc1", "hvc1", "av01"
  std::string config_box = "avcC";    // "avcC", "hvcC", "av1C"
};

struct AudioTrack {
  uint32_t sample_rate = 0;  // Hz
  uint16_t channels = 0;
  std::vector<uint8_t> audio_specific_config;
  uint32_t avg_rate_bps = 0;
  uint32_t max_rate_bps = 0;
};

// WebVTT (ISO/IEC 14496-30): 'wvtt' sample entry with its 'vttC' header.
struct TextTrack {
  std::string config = "WEBVTT";  // the file header every cue is read under
};

struct TrackConfig {
  uint32_t track_id = 1;
  uint32_t timescale = 0;  // mdhd: ticks per second of every time in the track
  std::variant<VideoTrack, AudioTrack, TextTrack> media;
  // Edit list media_time (ticks): presentation starts this far into the
  // composition timeline. Video with B-frames: the reorder delay, so that
  // decode times can start at 0 with non-negative composition offsets (the
  // layout FFmpeg writes and reads exactly). 0 = no edit list.
  int64_t edit_media_time_ticks = 0;
  std::string language = "und";  // mdhd: ISO 639-2/T, three lower-case letters
  // Encrypted: the sample entry becomes 'encv'/'enca' with a 'sinf', and the moov carries the pssh boxes.
  std::optional<TrackProtection> protection{};

  bool is_video() const { return std::holds_alternative<VideoTrack>(media); }
  bool is_text() const { return std::holds_alternative<TextTrack>(media); }
};

std::vector<uint8_t> build_init_segment(const TrackConfig& track);

}  // namespace packager::mp4
