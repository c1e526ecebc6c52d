// ISO-BMFF (MP4) box reading with bounds checks on every field: iteration over
// a byte buffer, `sidx` (versions 0 and 1), and the `moof` pieces that tell
// when a media segment starts and how long it lasts (`tfhd`, `tfdt`, `trun`).
// Nothing here allocates more than the input implies; malformed input yields
// an Error, never a read past the buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "media/error.h"

namespace media {

using Bytes = std::span<const uint8_t>;
// The bytes of a string (a downloaded segment) as Bytes; a view, not a copy.
inline Bytes bytes_of(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

constexpr uint32_t fourcc(const char (&s)[5]) {
  return (uint32_t(uint8_t(s[0])) << 24) | (uint32_t(uint8_t(s[1])) << 16) | (uint32_t(uint8_t(s[2])) << 8) |
         uint32_t(uint8_t(s[3]));
}
std::string fourcc_to_string(uint32_t type);

struct Box {
  uint32_t type = 0;
  uint64_t offset = 0;       // of the box header, from the start of the parsed buffer
  uint64_t size = 0;         // header + payload
  uint64_t header_size = 0;  // 8, or 16 with a 64-bit size (+16 for 'uuid')
  Bytes payload;             // the bytes after the header; a view into the parsed buffer

  uint64_t end() const { return offset + size; }
};

// Top-level boxes of `data` in order; they view `data`, which must outlive them. `base_offset` is added to offsets (for
// children of a box). A box running past the end is an error, except that a
// truncated *last* box may be tolerated with `allow_truncated_tail` (for
// reading the head of a file).
Result<std::vector<Box>> read_boxes(Bytes data, uint64_t base_offset = 0, bool allow_truncated_tail = false);

// First child of `parent` with the given type (payload parsed as boxes).
Result<std::optional<Box>> find_child(const Box& parent, uint32_t type);
// First top-level box of the type, or nullopt.
std::optional<Box> find_box(const std::vector<Box>& boxes, uint32_t type);

struct SidxReference {
  bool references_sidx = false;  // reference_type 1: hierarchical index
  uint32_t size_bytes = 0;
  uint32_t duration_ticks = 0;
  bool starts_with_sap = false;
  uint8_t sap_type = 0;
};

struct Sidx {
  uint8_t version = 0;
  uint32_t reference_id = 0;
  uint32_t timescale = 0;
  uint64_t earliest_presentation_time = 0;
  uint64_t first_offset = 0;  // from the first byte after the sidx box
  std::vector<SidxReference> references;
};

Result<Sidx> parse_sidx(const Box& sidx_box);

// `prft` (ProducerReferenceTime, 8.16.5): the wall-clock (NTP) time of one
// media time of a track, as a live packager stamps each fragment.
inline constexpr uint64_t kNtpUnixOffsetS = 2'208'988'800;  // 1900-01-01 → 1970-01-01
struct Prft {
  uint8_t version = 0;
  uint32_t flags = 0;  // 0: encoder input ... 24: capture time
  uint32_t reference_track_id = 0;
  uint64_t ntp_timestamp = 0;  // 32.32 fixed-point seconds since 1900
  uint64_t media_time = 0;     // in the track's timescale

  double unix_time_s() const {
    return double(ntp_timestamp >> 32) - double(kNtpUnixOffsetS) + double(ntp_timestamp & 0xffffffffu) / 4294967296.0;
  }
};
Result<Prft> parse_prft(const Box& prft_box);

// Byte ranges of the sidx's media references: segment i covers
// [start, start + size - 1], where the first starts `first_offset` bytes after
// the end of the sidx box (`sidx_end_offset`, in file coordinates).
struct IndexedSegment {
  uint64_t first_byte = 0;
  uint64_t last_byte = 0;  // inclusive
  uint64_t start_ticks = 0;
  uint64_t duration_ticks = 0;
};
Result<std::vector<IndexedSegment>> sidx_segments(const Sidx& sidx, uint64_t sidx_end_offset);

struct TrunSummary {
  uint32_t sample_count = 0;
  uint64_t duration_ticks = 0;  // sum of sample durations (explicit or default)
  uint64_t size_bytes = 0;      // sum of sample sizes (explicit or default)
  std::optional<int32_t> data_offset;
  bool first_sample_is_sync = false;
};

// What a `moof` says about one track fragment.
struct TrackFragment {
  uint32_t track_id = 0;
  std::optional<uint64_t> base_media_decode_time;  // tfdt
  uint32_t sample_count = 0;
  uint64_t duration_ticks = 0;
  uint64_t size_bytes = 0;
  bool first_sample_is_sync = false;
};

// Sample defaults from the init segment's `trex` (moov/mvex/trex).
struct TrackDefaults {
  uint32_t track_id = 0;
  uint32_t sample_duration = 0;
  uint32_t sample_size = 0;
  uint32_t sample_flags = 0;
};

struct InitInfo {
  uint32_t track_id = 0;
  uint32_t timescale = 0;  // mdhd of the first track
  uint32_t handler = 0;    // 'vide', 'soun', ...
  std::optional<TrackDefaults> defaults;
};

// Reads moov/trak (first track) and moov/mvex/trex of an init segment.
Result<InitInfo> parse_init_segment(Bytes data);

// Reads every moof/traf of a media segment (one fragment or several).
Result<std::vector<TrackFragment>> parse_media_segment(Bytes data, const std::optional<TrackDefaults>& defaults);

}  // namespace media
