#include "packager/video_bitstream.h"

#include "packager/av1_bitstream.h"
#include "packager/hevc_bitstream.h"

namespace packager {
namespace {

media::Result<std::vector<ByteSpan>> nal_units(ByteSpan packet, NalFraming framing) {
  if (framing.length_size == 0 || is_annexb(packet)) return split_annexb(packet);
  return split_length_prefixed(packet, framing.length_size);
}

}  // namespace

media::Result<VideoStreamConfig> video_stream_config(VideoCodec codec, ByteSpan extradata, ByteSpan first_packet) {
  VideoStreamConfig out;
  switch (codec) {
    case VideoCodec::kH264: {
      auto c = extradata.empty() ? avc_config_from_annexb(first_packet) : parse_avc_extradata(extradata);
      if (!c.ok()) return c.error();
      auto avcc = build_avcc(*c);
      if (!avcc.ok()) return avcc.error();
      auto codecs = avc_codecs_string(*c);
      if (!codecs.ok()) return codecs.error();
      // An avcC with 4-byte lengths is kept as the encoder wrote it (it may carry more than we rebuild).
      const bool keep = !extradata.empty() && extradata[0] == 1 && c->length_size == 4;
      out = {*codecs, "avc1", "avcC", keep ? std::vector<uint8_t>(extradata.begin(), extradata.end()) : *avcc};
      return out;
    }
    case VideoCodec::kHevc: {
      auto c = extradata.empty() ? hevc_config_from_annexb(first_packet) : parse_hevc_extradata(extradata);
      if (!c.ok()) return c.error();
      auto hvcc = build_hvcc(*c);
      if (!hvcc.ok()) return hvcc.error();
      out = {hevc_codecs_string(*c), "hvc1", "hvcC", *hvcc};
      return out;
    }
    case VideoCodec::kAv1: {
      auto c = extradata.empty() ? av1_config_from_obus(first_packet) : parse_av1_extradata(extradata);
      if (!c.ok()) return c.error();
      out = {av1_codecs_string(*c), "av01", "av1C", build_av1c(*c)};
      return out;
    }
  }
  return media::make_error(media::ErrorCode::kInternal, "unknown codec");
}

media::Status append_video_sample(VideoCodec codec, ByteSpan packet, NalFraming framing, std::vector<uint8_t>& out) {
  if (codec == VideoCodec::kAv1) return append_av1_sample(packet, out);
  auto nals = nal_units(packet, framing);
  if (!nals.ok()) return nals.error();
  if (codec == VideoCodec::kHevc) {
    append_hevc_sample(*nals, out);
  } else {
    static constexpr uint8_t kDropped[] = {kNalSps, kNalPps, kNalAud};
    append_length_prefixed(*nals, out, kDropped);
  }
  return {};
}

int nal_length_size(VideoCodec codec, ByteSpan extradata) {
  if (codec == VideoCodec::kAv1 || extradata.empty() || is_annexb(extradata) || extradata[0] != 1) return 0;
  if (codec == VideoCodec::kH264) return extradata.size() > 4 ? (extradata[4] & 3) + 1 : 0;
  return extradata.size() > 21 ? (extradata[21] & 3) + 1 : 0;
}

}  // namespace packager
