// AV1 elementary stream plumbing for MP4 ('av01' sample entries, AV1-ISOBMFF
// v1.2.0): OBU iteration, the sequence header fields the AV1CodecConfiguration
// record needs (profile, level, tier, bit depth, chroma), the av1C itself,
// samples without temporal delimiters, and the codecs string "av01.0.04M.08".
// Pure code, unit tested.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "media/error.h"
#include "packager/h264_bitstream.h"

namespace packager {

inline constexpr uint8_t kObuSequenceHeader = 1;
inline constexpr uint8_t kObuTemporalDelimiter = 2;
inline constexpr uint8_t kObuPadding = 15;

struct Obu {
  uint8_t type = 0;
  ByteSpan whole;    // header + payload, as stored
  ByteSpan payload;
};

// The OBUs of a low-overhead bitstream (each with obu_size, except possibly the last).
media::Result<std::vector<Obu>> split_obus(ByteSpan data);

struct Av1Config {
  uint8_t seq_profile = 0;
  uint8_t seq_level_idx_0 = 0;
  uint8_t seq_tier_0 = 0;
  bool high_bitdepth = false;
  bool twelve_bit = false;
  bool monochrome = false;
  bool chroma_subsampling_x = true;
  bool chroma_subsampling_y = true;
  uint8_t chroma_sample_position = 0;
  std::vector<uint8_t> sequence_header;  // the whole sequence header OBU
  int bit_depth() const { return twelve_bit ? 12 : high_bitdepth ? 10 : 8; }
  bool operator==(const Av1Config&) const = default;
};

// From OBUs (extradata or a key frame) that contain a sequence header.
media::Result<Av1Config> av1_config_from_obus(ByteSpan data);
// From extradata in either form (av1C or OBUs).
media::Result<Av1Config> parse_av1_extradata(ByteSpan extradata);

std::vector<uint8_t> build_av1c(const Av1Config& config);
std::string av1_codecs_string(const Av1Config& config);

// Appends a temporal unit's OBUs to `out`, leaving out temporal delimiters
// and padding (AV1-ISOBMFF 2.4).
media::Status append_av1_sample(ByteSpan temporal_unit, std::vector<uint8_t>& out);

}  // namespace packager
