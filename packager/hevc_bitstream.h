// HEVC elementary stream plumbing for MP4 ('hvc1' sample entries): NAL unit
// types, parameter sets from extradata (hvcC or Annex B), the fields of the
// HEVCDecoderConfigurationRecord read from the SPS (profile_tier_level,
// chroma format, bit depths), the hvcC itself (ISO/IEC 14496-15 8.3.3) and
// the RFC 6381 codecs string "hvc1.1.6.L93.B0" (14496-15 Annex E).
// Pure code, unit tested.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "media/error.h"
#include "packager/h264_bitstream.h"

namespace packager {

inline constexpr uint8_t kHevcNalVps = 32;
inline constexpr uint8_t kHevcNalSps = 33;
inline constexpr uint8_t kHevcNalPps = 34;
inline constexpr uint8_t kHevcNalAud = 35;

inline uint8_t hevc_nal_type(ByteSpan nal) { return nal.empty() ? 0 : (nal[0] >> 1) & 0x3f; }

struct HevcConfig {
  std::vector<std::vector<uint8_t>> vps, sps, pps;  // NAL units with their 2-byte headers
  int length_size = 4;                              // of the NAL length prefixes in samples
  // From the first SPS (profile_tier_level and the format fields).
  uint8_t profile_space = 0;
  bool tier_flag = false;
  uint8_t profile_idc = 0;
  uint32_t compatibility_flags = 0;   // general_profile_compatibility_flag[0] is the MSB
  uint64_t constraint_flags = 0;      // the 48 bits after the compatibility flags
  uint8_t level_idc = 0;
  uint8_t chroma_format_idc = 1;
  uint8_t bit_depth_luma_minus8 = 0;
  uint8_t bit_depth_chroma_minus8 = 0;
  uint8_t max_sub_layers = 1;
  bool temporal_id_nested = false;
  bool operator==(const HevcConfig&) const = default;
};

// VPS, SPS and PPS from an Annex B buffer (extradata or a key frame); the SPS fields parsed.
media::Result<HevcConfig> hevc_config_from_annexb(ByteSpan data);
// From extradata in either form (hvcC or Annex B).
media::Result<HevcConfig> parse_hevc_extradata(ByteSpan extradata);

media::Result<std::vector<uint8_t>> build_hvcc(const HevcConfig& config);
std::string hevc_codecs_string(const HevcConfig& config);

// Appends `nals` with 4-byte lengths, leaving out parameter sets and access
// unit delimiters (an 'hvc1' track keeps them in the hvcC only).
void append_hevc_sample(const std::vector<ByteSpan>& nals, std::vector<uint8_t>& out);

}  // namespace packager
