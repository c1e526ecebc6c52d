#include "packager/h264_bitstream.h"

#include <algorithm>
#include <cstdio>

namespace packager {
namespace {

media::Error h264_error(std::string message) { return media::make_error(media::ErrorCode::kParse, std::move(message)); }

// Position of the next start code (00 00 01) at or after `from`, or size.
size_t find_start_code(ByteSpan d, size_t from) {
  for (size_t i = from; i + 2 < d.size(); ++i) {
    if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) return i;
  }
  return d.size();
}

}  // namespace

bool is_annexb(ByteSpan d) {
  return (d.size() >= 3 && d[0] == 0 && d[1] == 0 && d[2] == 1) ||
         (d.size() >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 1);
}

std::vector<ByteSpan> split_annexb(ByteSpan d) {
  std::vector<ByteSpan> nals;
  size_t pos = find_start_code(d, 0);
  while (pos < d.size()) {
    const size_t begin = pos + 3;
    size_t next = find_start_code(d, begin);
    size_t end = next;
    // Trailing zero bytes belong to the next start code (00 00 00 01) or are padding.
    while (end > begin && d[end - 1] == 0) --end;
    if (end > begin) nals.push_back(d.subspan(begin, end - begin));
    pos = next;
  }
  return nals;
}

media::Result<std::vector<ByteSpan>> split_length_prefixed(ByteSpan d, int length_size) {
  if (length_size < 1 || length_size > 4) return h264_error("bad NAL length size " + std::to_string(length_size));
  std::vector<ByteSpan> nals;
  size_t pos = 0;
  while (pos < d.size()) {
    if (d.size() - pos < size_t(length_size)) return h264_error("truncated NAL length");
    uint32_t len = 0;
    for (int i = 0; i < length_size; ++i) len = (len << 8) | d[pos + i];
    pos += length_size;
    if (len > d.size() - pos) return h264_error("NAL unit of " + std::to_string(len) + " bytes runs past the sample");
    if (len > 0) nals.push_back(d.subspan(pos, len));
    pos += len;
  }
  return nals;
}

void append_length_prefixed(const std::vector<ByteSpan>& nals, std::vector<uint8_t>& out,
                            std::span<const uint8_t> drop) {
  for (ByteSpan nal : nals) {
    if (std::find(drop.begin(), drop.end(), nal_type(nal)) != drop.end()) continue;
    const uint32_t n = static_cast<uint32_t>(nal.size());
    out.push_back(uint8_t(n >> 24));
    out.push_back(uint8_t(n >> 16));
    out.push_back(uint8_t(n >> 8));
    out.push_back(uint8_t(n));
    out.insert(out.end(), nal.begin(), nal.end());
  }
}

media::Result<AvcConfig> avc_config_from_annexb(ByteSpan access_unit) {
  AvcConfig config;
  for (ByteSpan nal : split_annexb(access_unit)) {
    if (nal_type(nal) == kNalSps) config.sps.emplace_back(nal.begin(), nal.end());
    if (nal_type(nal) == kNalPps) config.pps.emplace_back(nal.begin(), nal.end());
  }
  if (config.sps.empty() || config.pps.empty()) return h264_error("H.264 stream without SPS/PPS");
  return config;
}

media::Result<AvcConfig> parse_avc_extradata(ByteSpan d) {
  if (d.empty()) return h264_error("H.264 stream without codec configuration (no avcC, no SPS/PPS)");
  if (is_annexb(d)) return avc_config_from_annexb(d);
  if (d[0] != 1 || d.size() < 7) return h264_error("bad avcC: version " + std::to_string(d[0]));
  AvcConfig config;
  config.length_size = (d[4] & 3) + 1;
  size_t pos = 5;
  auto read_sets = [&](size_t count, std::vector<std::vector<uint8_t>>& into) -> media::Status {
    for (size_t i = 0; i < count; ++i) {
      if (d.size() - pos < 2) return h264_error("bad avcC: truncated parameter set length");
      size_t len = (size_t(d[pos]) << 8) | d[pos + 1];
      pos += 2;
      if (len == 0 || len > d.size() - pos) return h264_error("bad avcC: parameter set runs past the end");
      into.emplace_back(d.begin() + pos, d.begin() + pos + len);
      pos += len;
    }
    return {};
  };
  DS_RETURN_IF_ERROR(read_sets(d[pos++] & 0x1f, config.sps));
  if (pos >= d.size()) return h264_error("bad avcC: no PPS count");
  DS_RETURN_IF_ERROR(read_sets(d[pos++], config.pps));
  if (config.sps.empty() || config.pps.empty()) return h264_error("avcC without SPS/PPS");
  return config;
}

media::Result<std::vector<uint8_t>> build_avcc(const AvcConfig& config) {
  if (config.sps.empty() || config.pps.empty()) return h264_error("avcC needs an SPS and a PPS");
  const auto& sps = config.sps.front();
  if (sps.size() < 4) return h264_error("SPS too short");
  std::vector<uint8_t> out{1, sps[1], sps[2], sps[3], 0xff /* 4-byte lengths */,
                           uint8_t(0xe0 | config.sps.size())};
  auto put_set = [&](const std::vector<uint8_t>& s) {
    out.push_back(uint8_t(s.size() >> 8));
    out.push_back(uint8_t(s.size()));
    out.insert(out.end(), s.begin(), s.end());
  };
  for (const auto& s : config.sps) put_set(s);
  out.push_back(uint8_t(config.pps.size()));
  for (const auto& p : config.pps) put_set(p);
  // High profiles carry chroma format and bit depths (ISO/IEC 14496-15);
  // our encoder writes 8-bit 4:2:0 only.
  const uint8_t profile = sps[1];
  if (profile == 100 || profile == 110 || profile == 122 || profile == 144) {
    out.insert(out.end(), {0xfc | 1 /* chroma_format_idc 4:2:0 */, 0xf8 /* luma 8 bit */, 0xf8 /* chroma 8 bit */,
                           0 /* no SPS extensions */});
  }
  return out;
}

media::Result<std::string> avc_codecs_string(const AvcConfig& config) {
  if (config.sps.empty() || config.sps.front().size() < 4) return h264_error("no SPS for the codecs string");
  const auto& sps = config.sps.front();
  char buf[16];
  std::snprintf(buf, sizeof buf, "avc1.%02x%02x%02x", sps[1], sps[2], sps[3]);
  return std::string(buf);
}

media::Result<std::string> aac_codecs_string(ByteSpan asc) {
  if (asc.size() < 2) return h264_error("AudioSpecificConfig too short");
  int object_type = asc[0] >> 3;
  if (object_type == 31) object_type = 32 + (((asc[0] & 7) << 3) | (asc[1] >> 5));
  return "mp4a.40." + std::to_string(object_type);
}

}  // namespace packager
