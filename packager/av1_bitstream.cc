#include "packager/av1_bitstream.h"

#include <cstdio>

#include "packager/bit_reader.h"

namespace packager {
namespace {

media::Error av1_error(std::string message) { return media::make_error(media::ErrorCode::kParse, std::move(message)); }

constexpr uint8_t kSelectScreenContentTools = 2;  // SELECT_SCREEN_CONTENT_TOOLS
constexpr uint32_t kColorPrimariesBt709 = 1;
constexpr uint32_t kTransferSrgb = 13;
constexpr uint32_t kMatrixIdentity = 0;

// AV1 spec 5.5: sequence_header_obu(), as far as color_config().
media::Status parse_sequence_header(ByteSpan payload, Av1Config& c) {
  BitReader r(payload);
  c.seq_profile = static_cast<uint8_t>(r.u(3));
  if (c.seq_profile > 2) return av1_error("AV1 sequence header: bad seq_profile");
  r.skip(1);  // still_picture
  const bool reduced = r.flag();
  if (reduced) {
    c.seq_level_idx_0 = static_cast<uint8_t>(r.u(5));
    c.seq_tier_0 = 0;
  } else {
    bool decoder_model_info = false;
    uint32_t buffer_delay_bits = 0;
    if (r.flag()) {  // timing_info_present_flag
      r.skip(64);    // num_units_in_display_tick, time_scale
      if (r.flag()) {  // equal_picture_interval: num_ticks_per_picture_minus_1 uvlc()
        int zeros = 0;
        while (!r.flag() && zeros < 32 && !r.overrun()) ++zeros;
        r.skip(zeros);
      }
      decoder_model_info = r.flag();
      if (decoder_model_info) {
        buffer_delay_bits = r.u(5) + 1;
        r.skip(32 + 5 + 5);  // num_units_in_decoding_tick, buffer_removal_time_length, frame_presentation_time_length
      }
    }
    const bool initial_display_delay = r.flag();
    const uint32_t points = r.u(5) + 1;
    for (uint32_t i = 0; i < points; ++i) {
      r.skip(12);  // operating_point_idc
      const uint8_t level = static_cast<uint8_t>(r.u(5));
      const uint8_t tier = level > 7 ? static_cast<uint8_t>(r.u(1)) : 0;
      if (i == 0) {
        c.seq_level_idx_0 = level;
        c.seq_tier_0 = tier;
      }
      if (decoder_model_info && r.flag()) r.skip(static_cast<int>(2 * buffer_delay_bits + 1));
      if (initial_display_delay && r.flag()) r.skip(4);
    }
  }
  const int width_bits = static_cast<int>(r.u(4)) + 1, height_bits = static_cast<int>(r.u(4)) + 1;
  r.skip(width_bits + height_bits);
  if (!reduced && r.flag()) r.skip(4 + 3);  // frame_id_numbers_present: delta and additional lengths
  r.skip(3);                                // use_128x128_superblock, enable_filter_intra, enable_intra_edge_filter
  if (!reduced) {
    r.skip(4);  // interintra_compound, masked_compound, warped_motion, dual_filter
    const bool order_hint = r.flag();
    if (order_hint) r.skip(2);  // jnt_comp, ref_frame_mvs
    const uint8_t screen_content = r.flag() ? kSelectScreenContentTools : static_cast<uint8_t>(r.u(1));
    if (screen_content > 0 && !r.flag()) r.skip(1);  // seq_choose_integer_mv, else seq_force_integer_mv
    if (order_hint) r.skip(3);                       // order_hint_bits_minus_1
  }
  r.skip(3);  // enable_superres, enable_cdef, enable_restoration
  // color_config()
  c.high_bitdepth = r.flag();
  c.twelve_bit = c.seq_profile == 2 && c.high_bitdepth && r.flag();
  c.monochrome = c.seq_profile != 1 && r.flag();
  uint32_t primaries = 2, transfer = 2, matrix = 2;  // unspecified
  if (r.flag()) {
    primaries = r.u(8);
    transfer = r.u(8);
    matrix = r.u(8);
  }
  c.chroma_sample_position = 0;
  if (c.monochrome) {
    r.skip(1);  // color_range
    c.chroma_subsampling_x = c.chroma_subsampling_y = true;
  } else if (primaries == kColorPrimariesBt709 && transfer == kTransferSrgb && matrix == kMatrixIdentity) {
    c.chroma_subsampling_x = c.chroma_subsampling_y = false;
  } else {
    r.skip(1);  // color_range
    if (c.seq_profile == 0) {
      c.chroma_subsampling_x = c.chroma_subsampling_y = true;
    } else if (c.seq_profile == 1) {
      c.chroma_subsampling_x = c.chroma_subsampling_y = false;
    } else if (c.bit_depth() == 12) {
      c.chroma_subsampling_x = r.flag();
      c.chroma_subsampling_y = c.chroma_subsampling_x && r.flag();
    } else {
      c.chroma_subsampling_x = true;
      c.chroma_subsampling_y = false;
    }
    if (c.chroma_subsampling_x && c.chroma_subsampling_y) c.chroma_sample_position = static_cast<uint8_t>(r.u(2));
  }
  if (r.overrun()) return av1_error("AV1 sequence header truncated");
  return {};
}

}  // namespace

media::Result<std::vector<Obu>> split_obus(ByteSpan d) {
  std::vector<Obu> obus;
  size_t pos = 0;
  while (pos < d.size()) {
    const size_t start = pos;
    const uint8_t header = d[pos++];
    if (header & 0x80) return av1_error("AV1: OBU forbidden bit set");
    Obu obu;
    obu.type = (header >> 3) & 0x0f;
    if (header & 0x04) ++pos;  // obu_extension_header
    size_t size = 0;
    if (header & 0x02) {  // obu_has_size_field: leb128
      uint64_t value = 0;
      int i = 0;
      for (;; ++i) {
        if (pos >= d.size() || i == 8) return av1_error("AV1: truncated OBU size");
        value |= uint64_t(d[pos] & 0x7f) << (7 * i);
        if (!(d[pos++] & 0x80)) break;
      }
      if (value > d.size()) return av1_error("AV1: OBU runs past the end");
      size = static_cast<size_t>(value);
    } else {
      if (pos > d.size()) return av1_error("AV1: truncated OBU header");
      size = d.size() - pos;
    }
    if (pos > d.size() || size > d.size() - pos) return av1_error("AV1: OBU runs past the end");
    obu.payload = d.subspan(pos, size);
    pos += size;
    obu.whole = d.subspan(start, pos - start);
    obus.push_back(obu);
  }
  return obus;
}

media::Result<Av1Config> av1_config_from_obus(ByteSpan data) {
  auto obus = split_obus(data);
  if (!obus.ok()) return obus.error();
  for (const Obu& o : *obus) {
    if (o.type != kObuSequenceHeader) continue;
    Av1Config c;
    DS_RETURN_IF_ERROR(parse_sequence_header(o.payload, c));
    c.sequence_header.assign(o.whole.begin(), o.whole.end());
    return c;
  }
  return av1_error("AV1 stream without a sequence header");
}

media::Result<Av1Config> parse_av1_extradata(ByteSpan d) {
  if (d.empty()) return av1_error("AV1 stream without codec configuration (no av1C, no sequence header)");
  if (d[0] == 0x81) {  // av1C: marker 1, version 1; configOBUs after 4 bytes
    if (d.size() < 5) return av1_error("av1C without a sequence header");
    return av1_config_from_obus(d.subspan(4));
  }
  return av1_config_from_obus(d);
}

std::vector<uint8_t> build_av1c(const Av1Config& c) {
  std::vector<uint8_t> out{0x81, uint8_t(c.seq_profile << 5 | (c.seq_level_idx_0 & 0x1f)),
                           uint8_t(c.seq_tier_0 << 7 | uint8_t(c.high_bitdepth) << 6 | uint8_t(c.twelve_bit) << 5 |
                                   uint8_t(c.monochrome) << 4 | uint8_t(c.chroma_subsampling_x) << 3 |
                                   uint8_t(c.chroma_subsampling_y) << 2 | (c.chroma_sample_position & 3)),
                           0 /* no initial_presentation_delay */};
  out.insert(out.end(), c.sequence_header.begin(), c.sequence_header.end());
  return out;
}

std::string av1_codecs_string(const Av1Config& c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "av01.%u.%02u%c.%02d", c.seq_profile, c.seq_level_idx_0, c.seq_tier_0 ? 'H' : 'M',
                c.bit_depth());
  return buf;
}

media::Status append_av1_sample(ByteSpan temporal_unit, std::vector<uint8_t>& out) {
  auto obus = split_obus(temporal_unit);
  if (!obus.ok()) return obus.error();
  for (const Obu& o : *obus)
    if (o.type != kObuTemporalDelimiter && o.type != kObuPadding) out.insert(out.end(), o.whole.begin(), o.whole.end());
  return {};
}

}  // namespace packager
