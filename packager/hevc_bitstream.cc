#include "packager/hevc_bitstream.h"

#include <cstdio>

#include "packager/bit_reader.h"

namespace packager {
namespace {

media::Error hevc_error(std::string message) { return media::make_error(media::ErrorCode::kParse, std::move(message)); }

constexpr int kMaxSubLayers = 8;

// H.265 7.3.2.2 up to the bit depths: what the hvcC and the codecs string need.
media::Status parse_sps(ByteSpan nal, HevcConfig& c) {
  if (nal.size() < 3) return hevc_error("HEVC SPS too short");
  const std::vector<uint8_t> rbsp = remove_emulation_prevention(nal.subspan(2));
  BitReader r(rbsp);
  r.skip(4);  // sps_video_parameter_set_id
  const uint32_t sub_layers_minus1 = r.u(3);
  if (sub_layers_minus1 >= uint32_t(kMaxSubLayers)) return hevc_error("HEVC SPS: bad sps_max_sub_layers_minus1");
  c.max_sub_layers = static_cast<uint8_t>(sub_layers_minus1 + 1);
  c.temporal_id_nested = r.flag();
  // profile_tier_level(1, sps_max_sub_layers_minus1)
  c.profile_space = static_cast<uint8_t>(r.u(2));
  c.tier_flag = r.flag();
  c.profile_idc = static_cast<uint8_t>(r.u(5));
  c.compatibility_flags = r.u(32);
  c.constraint_flags = r.u64(48);
  c.level_idc = static_cast<uint8_t>(r.u(8));
  bool profile_present[kMaxSubLayers] = {}, level_present[kMaxSubLayers] = {};
  for (uint32_t i = 0; i < sub_layers_minus1; ++i) {
    profile_present[i] = r.flag();
    level_present[i] = r.flag();
  }
  if (sub_layers_minus1 > 0)
    for (uint32_t i = sub_layers_minus1; i < 8; ++i) r.skip(2);
  for (uint32_t i = 0; i < sub_layers_minus1; ++i) {
    if (profile_present[i]) r.skip(88);
    if (level_present[i]) r.skip(8);
  }
  r.ue();  // sps_seq_parameter_set_id
  const uint32_t chroma = r.ue();
  if (chroma > 3) return hevc_error("HEVC SPS: bad chroma_format_idc");
  c.chroma_format_idc = static_cast<uint8_t>(chroma);
  if (chroma == 3) r.skip(1);  // separate_colour_plane_flag
  r.ue();                      // pic_width_in_luma_samples
  r.ue();                      // pic_height_in_luma_samples
  if (r.flag()) {              // conformance_window_flag
    for (int i = 0; i < 4; ++i) r.ue();
  }
  const uint32_t luma = r.ue(), chroma_depth = r.ue();
  if (luma > 8 || chroma_depth > 8) return hevc_error("HEVC SPS: bad bit depth");
  c.bit_depth_luma_minus8 = static_cast<uint8_t>(luma);
  c.bit_depth_chroma_minus8 = static_cast<uint8_t>(chroma_depth);
  if (r.overrun()) return hevc_error("HEVC SPS truncated");
  return {};
}

uint32_t reverse_bits(uint32_t v) {
  uint32_t out = 0;
  for (int i = 0; i < 32; ++i) out |= ((v >> i) & 1u) << (31 - i);
  return out;
}

}  // namespace

media::Result<HevcConfig> hevc_config_from_annexb(ByteSpan data) {
  HevcConfig c;
  for (ByteSpan nal : split_annexb(data)) {
    const uint8_t type = hevc_nal_type(nal);
    if (type == kHevcNalVps) c.vps.emplace_back(nal.begin(), nal.end());
    if (type == kHevcNalSps) c.sps.emplace_back(nal.begin(), nal.end());
    if (type == kHevcNalPps) c.pps.emplace_back(nal.begin(), nal.end());
  }
  if (c.vps.empty() || c.sps.empty() || c.pps.empty()) return hevc_error("HEVC stream without VPS/SPS/PPS");
  DS_RETURN_IF_ERROR(parse_sps(c.sps.front(), c));
  return c;
}

media::Result<HevcConfig> parse_hevc_extradata(ByteSpan d) {
  if (d.empty()) return hevc_error("HEVC stream without codec configuration (no hvcC, no VPS/SPS/PPS)");
  if (is_annexb(d)) return hevc_config_from_annexb(d);
  // hvcC: 22 fixed bytes, then the arrays.
  if (d[0] != 1 || d.size() < 23) return hevc_error("bad hvcC (version " + std::to_string(d[0]) + ")");
  HevcConfig c;
  c.length_size = (d[21] & 3) + 1;
  size_t pos = 23;
  for (uint8_t a = 0; a < d[22]; ++a) {
    if (d.size() - pos < 3) return hevc_error("bad hvcC: truncated array");
    const uint8_t type = d[pos] & 0x3f;
    const size_t count = (size_t(d[pos + 1]) << 8) | d[pos + 2];
    pos += 3;
    for (size_t i = 0; i < count; ++i) {
      if (d.size() - pos < 2) return hevc_error("bad hvcC: truncated NAL length");
      const size_t len = (size_t(d[pos]) << 8) | d[pos + 1];
      pos += 2;
      if (len == 0 || len > d.size() - pos) return hevc_error("bad hvcC: NAL unit runs past the end");
      std::vector<uint8_t> nal(d.begin() + pos, d.begin() + pos + len);
      pos += len;
      if (type == kHevcNalVps) c.vps.push_back(std::move(nal));
      else if (type == kHevcNalSps) c.sps.push_back(std::move(nal));
      else if (type == kHevcNalPps) c.pps.push_back(std::move(nal));
    }
  }
  if (c.vps.empty() || c.sps.empty() || c.pps.empty()) return hevc_error("hvcC without VPS/SPS/PPS");
  DS_RETURN_IF_ERROR(parse_sps(c.sps.front(), c));
  return c;
}

media::Result<std::vector<uint8_t>> build_hvcc(const HevcConfig& c) {
  if (c.vps.empty() || c.sps.empty() || c.pps.empty()) return hevc_error("hvcC needs a VPS, an SPS and a PPS");
  std::vector<uint8_t> out;
  out.push_back(1);  // configurationVersion
  out.push_back(uint8_t(c.profile_space << 6 | uint8_t(c.tier_flag) << 5 | c.profile_idc));
  for (int i = 3; i >= 0; --i) out.push_back(uint8_t(c.compatibility_flags >> (8 * i)));
  for (int i = 5; i >= 0; --i) out.push_back(uint8_t(c.constraint_flags >> (8 * i)));
  out.push_back(c.level_idc);
  out.insert(out.end(), {0xf0, 0x00});  // min_spatial_segmentation_idc 0
  out.push_back(0xfc);                  // parallelismType 0 (unknown)
  out.push_back(uint8_t(0xfc | c.chroma_format_idc));
  out.push_back(uint8_t(0xf8 | c.bit_depth_luma_minus8));
  out.push_back(uint8_t(0xf8 | c.bit_depth_chroma_minus8));
  out.insert(out.end(), {0, 0});  // avgFrameRate: unspecified
  // constantFrameRate 0, numTemporalLayers, temporalIdNested, 4-byte NAL lengths.
  out.push_back(uint8_t((c.max_sub_layers & 7) << 3 | uint8_t(c.temporal_id_nested) << 2 | 3));
  out.push_back(3);  // numOfArrays
  for (const auto* sets : {&c.vps, &c.sps, &c.pps}) {
    const uint8_t type = sets == &c.vps ? kHevcNalVps : sets == &c.sps ? kHevcNalSps : kHevcNalPps;
    out.push_back(uint8_t(0x80 | type));  // array_completeness 1: no parameter sets in the samples
    out.push_back(uint8_t(sets->size() >> 8));
    out.push_back(uint8_t(sets->size()));
    for (const auto& nal : *sets) {
      out.push_back(uint8_t(nal.size() >> 8));
      out.push_back(uint8_t(nal.size()));
      out.insert(out.end(), nal.begin(), nal.end());
    }
  }
  return out;
}

std::string hevc_codecs_string(const HevcConfig& c) {
  std::string s = "hvc1.";
  if (c.profile_space > 0) s += char('A' + c.profile_space - 1);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u.%X.%c%u", c.profile_idc, reverse_bits(c.compatibility_flags), c.tier_flag ? 'H' : 'L',
                c.level_idc);
  s += buf;
  // Constraint bytes, trailing zero bytes left out.
  int last = -1;
  for (int i = 0; i < 6; ++i)
    if ((c.constraint_flags >> (8 * (5 - i))) & 0xff) last = i;
  for (int i = 0; i <= last; ++i) {
    std::snprintf(buf, sizeof buf, ".%X", unsigned((c.constraint_flags >> (8 * (5 - i))) & 0xff));
    s += buf;
  }
  return s;
}

void append_hevc_sample(const std::vector<ByteSpan>& nals, std::vector<uint8_t>& out) {
  for (ByteSpan nal : nals) {
    const uint8_t type = hevc_nal_type(nal);
    if (type == kHevcNalVps || type == kHevcNalSps || type == kHevcNalPps || type == kHevcNalAud) continue;
    const uint32_t n = static_cast<uint32_t>(nal.size());
    out.insert(out.end(), {uint8_t(n >> 24), uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n)});
    out.insert(out.end(), nal.begin(), nal.end());
  }
}

}  // namespace packager
