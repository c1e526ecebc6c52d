// H.264 elementary stream plumbing for MP4: Annex B (start codes, as x264
// and MPEG-TS deliver it) to length-prefixed NAL units (as MP4 stores
// them), the AVCDecoderConfigurationRecord (avcC), and the RFC 6381 codecs
// string "avc1.PPCCLL" read from the SPS. Pure code, unit tested.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "media/error.h"

namespace packager {

using ByteSpan = std::span<const uint8_t>;

inline constexpr uint8_t kNalSps = 7;
inline constexpr uint8_t kNalPps = 8;
inline constexpr uint8_t kNalAud = 9;
inline constexpr uint8_t kNalIdr = 5;

inline uint8_t nal_type(ByteSpan nal) { return nal.empty() ? 0 : (nal[0] & 0x1f); }

// True when `data` starts with a 3- or 4-byte start code.
bool is_annexb(ByteSpan data);

// NAL units of an Annex B buffer (start codes removed, views into `data`).
std::vector<ByteSpan> split_annexb(ByteSpan data);

// NAL units of a length-prefixed buffer; an error when a length runs past the end.
media::Result<std::vector<ByteSpan>> split_length_prefixed(ByteSpan data, int length_size);

// Appends `nals` to `out`, each with a 4-byte big-endian length. NAL types in
// `drop` (e.g. SPS/PPS/AUD, which belong in the avcC) are left out.
void append_length_prefixed(const std::vector<ByteSpan>& nals, std::vector<uint8_t>& out,
                            std::span<const uint8_t> drop = {});

struct AvcConfig {
  std::vector<std::vector<uint8_t>> sps;  // NAL units with their header byte
  std::vector<std::vector<uint8_t>> pps;
  int length_size = 4;                    // bytes of each NAL length prefix in samples
  bool operator==(const AvcConfig&) const = default;
};

// From codec extradata in either form (avcC or Annex B with SPS/PPS).
media::Result<AvcConfig> parse_avc_extradata(ByteSpan extradata);
// SPS/PPS found in an Annex B access unit (MPEG-TS without extradata).
media::Result<AvcConfig> avc_config_from_annexb(ByteSpan access_unit);

// The avcC box payload (ISO/IEC 14496-15 5.3.3.1), 4-byte NAL lengths.
media::Result<std::vector<uint8_t>> build_avcc(const AvcConfig& config);

// "avc1.64001f" from the first SPS: profile_idc, constraint flags, level_idc.
media::Result<std::string> avc_codecs_string(const AvcConfig& config);

// "mp4a.40.2" from an AudioSpecificConfig (object type in its first 5 bits).
media::Result<std::string> aac_codecs_string(ByteSpan audio_specific_config);

}  // namespace packager
