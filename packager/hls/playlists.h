// HLS (RFC 8216, version 7) over the CMAF segments the DASH presentation
// already has: a master playlist and one media playlist per representation,
// nothing re-muxed and no segment written twice. Video variants (one per
// rung and audio group) carry BANDWIDTH (peak) and AVERAGE-BANDWIDTH from
// the real segment sizes, CODECS, RESOLUTION and FRAME-RATE; audio tracks
// are EXT-X-MEDIA renditions grouped by channel count, one per language and
// role; text tracks are a SUBTITLES group of segmented WebVTT. The live
// profile lists one file per segment; the on-demand profile lists byte
// ranges of the single file (EXT-X-BYTERANGE). Pure code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "media/error.h"
#include "packager/representation.h"

namespace packager::hls {

inline constexpr const char* kMasterPlaylistName = "master.m3u8";

struct Playlist {
  std::string name;  // file name, relative to the output directory
  std::string text;
};

// How segments are protected, for EXT-X-KEY and EXT-X-SESSION-KEY.
struct KeyTag {
  std::string method;      // "SAMPLE-AES-CTR" (cenc) or "SAMPLE-AES" (cbcs)
  std::string uri;         // where a client gets the key (e.g. a data: URI or key server)
  std::string keyformat;   // e.g. "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e" (ClearKey)
  std::string key_id_hex;  // 32 hex digits, for KEYID
};

struct HlsOptions {
  std::optional<KeyTag> key;  // encrypted media
};

struct HlsPlaylists {
  Playlist master;
  std::vector<Playlist> media;
};

// An error when there is nothing to list (no video or audio representation).
media::Result<HlsPlaylists> build_playlists(const PresentationDescription& presentation, const HlsOptions& options);

// EXT-X-TARGETDURATION: the longest segment, rounded to the nearest second (at least 1).
int target_duration_s(const std::vector<SegmentWritten>& segments, uint32_t timescale);

}  // namespace packager::hls
