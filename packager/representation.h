// What the manifest, segments.json and the run summary need to know about one
// representation once it is written: plain values, free of libav* and
// pugixml, filled by the pipeline from the encoder and the segmenter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "packager/segment_event.h"
#include "packager/track_role.h"

namespace packager {

enum class Profile { kLive, kOnDemand };

// Where a representation's files are.
struct RepresentationFiles {
  std::string init_name;        // live: "<id>-init.mp4"
  std::string media_template;   // live: "<id>-$Number$.m4s"
  std::string single_file;      // on-demand: "<id>.mp4"
  uint64_t init_size_bytes = 0;
  uint64_t index_first_byte = 0;  // on-demand: the sidx, inclusive range
  uint64_t index_last_byte = 0;
  std::string sidecar_file;       // text with --subtitles-sidecar: "<id>.vtt", the whole track in one WebVTT file
  uint64_t sidecar_size_bytes = 0;
  bool operator==(const RepresentationFiles&) const = default;
};

enum class ContentKind { kVideo, kAudio, kText };

struct RepresentationDescription {
  std::string id;
  ContentKind kind = ContentKind::kVideo;
  // Representations with the same key share an AdaptationSet (and an HLS
  // group): "video-avc1", "audio-1", ... in the order they should appear.
  std::string set_key;
  std::string lang;          // audio, text: BCP 47 ("en"), "und" when unknown
  TrackRole role = TrackRole::kMain;
  std::string label;         // audio, text: a human name ("English", a stream title)
  std::string codecs;        // RFC 6381, from the real stream ("avc1.64001f", "mp4a.40.2")
  uint32_t timescale = 0;    // ticks per second of the segments' times
  uint32_t width = 0;        // video: pixels
  uint32_t height = 0;
  std::string frame_rate;    // video: "30" or "30000/1001"
  std::string sar = "1:1";   // video: pixel aspect ratio
  int encoder_threads = 0;   // video: x264 frame threads it was encoded with (0 = copied)
  uint32_t sample_rate = 0;  // audio: Hz
  uint32_t channels = 0;     // audio
  RepresentationFiles files;
  std::vector<SegmentWritten> segments;  // in order, numbered from 1 (empty for a sidecar text track)
  // Text for HLS: one WebVTT file per segment ("<id>-N.vtt"), the same
  // spans as the video's segments.
  std::vector<SegmentWritten> text_segments;
};

// How the audio and video are encrypted, for ContentProtection and EXT-X-KEY
// (the key itself is never here).
struct ProtectionDescription {
  std::string scheme;       // "cenc" or "cbcs"
  std::string key_id_uuid;  // "00112233-4455-..." (cenc:default_KID)
  std::string key_id_hex;   // 32 hex digits
  std::string pssh_base64;  // the common-system pssh box
  std::string la_url;       // ClearKey license server; empty when players get the key directly
};

struct PresentationDescription {
  Profile profile = Profile::kLive;
  double segment_duration_s = 4.0;  // the nominal --segment-duration
  std::optional<ProtectionDescription> protection;  // audio and video encrypted
  std::vector<RepresentationDescription> representations;
};

}  // namespace packager
