#include "player/av/codec_support.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

namespace player {

std::optional<CodecSupport> codec_of(std::string_view codecs) {
  const std::string_view first = codecs.substr(0, codecs.find(','));
  const std::string_view fourcc = first.substr(0, first.find('.'));
  struct Entry {
    std::string_view fourcc;
    AVCodecID id;
    const char* family;
  };
  static constexpr Entry kTable[] = {
      {"avc1", AV_CODEC_ID_H264, "h264"}, {"avc3", AV_CODEC_ID_H264, "h264"}, {"hev1", AV_CODEC_ID_HEVC, "hevc"},
      {"hvc1", AV_CODEC_ID_HEVC, "hevc"}, {"av01", AV_CODEC_ID_AV1, "av1"},   {"vp09", AV_CODEC_ID_VP9, "vp9"},
      {"mp4a", AV_CODEC_ID_AAC, "aac"},   {"opus", AV_CODEC_ID_OPUS, "opus"}, {"Opus", AV_CODEC_ID_OPUS, "opus"},
      {"ac-3", AV_CODEC_ID_AC3, "ac3"},   {"ec-3", AV_CODEC_ID_EAC3, "eac3"}, {"fLaC", AV_CODEC_ID_FLAC, "flac"},
  };
  for (const auto& e : kTable)
    if (e.fourcc == fourcc) return CodecSupport{e.id, e.family};
  return std::nullopt;
}

bool can_decode(const CodecSupport& codec) { return avcodec_find_decoder(codec.id) != nullptr; }

std::optional<TextFormat> text_format_of(const std::optional<std::string>& mime_type,
                                         const std::optional<std::string>& codecs) {
  const std::string mime = mime_type.value_or("");
  const std::string c = codecs.value_or("");
  if (mime == "text/vtt") return TextFormat::kWebVtt;
  if (mime == "application/ttml+xml") return TextFormat::kTtml;
  if (mime.find("mp4") != std::string::npos) {
    if (c.rfind("wvtt", 0) == 0) return TextFormat::kWvtt;
    if (c.rfind("stpp", 0) == 0) return TextFormat::kStpp;
  }
  return std::nullopt;
}

const char* to_string(TextFormat format) {
  switch (format) {
    case TextFormat::kWvtt: return "wvtt";
    case TextFormat::kStpp: return "stpp";
    case TextFormat::kWebVtt: return "vtt";
    case TextFormat::kTtml: return "ttml";
  }
  return "?";
}

}  // namespace player
