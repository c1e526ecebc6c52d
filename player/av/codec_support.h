// What the player can decode, from an MPD's @codecs (RFC 6381) and
// @mimeType: the FFmpeg codec of a video or audio representation, a short
// family name for choosing and forcing (--codec), and the subtitle formats
// the text loader reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

extern "C" {
#include <libavcodec/codec_id.h>
}

namespace player {

struct CodecSupport {
  AVCodecID id = AV_CODEC_ID_NONE;
  std::string family;  // "h264", "hevc", "av1", "vp9", "aac", "opus", "ac3", "eac3", "flac"
};

// The codec of the first entry of a codecs list ("avc1.64001f", "hvc1.2.4.L93.B0",
// "av01.0.04M.10", "vp09.00.10.08", "mp4a.40.2", "opus", "ec-3"), or nullopt.
std::optional<CodecSupport> codec_of(std::string_view codecs);
// True when FFmpeg has a decoder for it.
bool can_decode(const CodecSupport& codec);

// Subtitle formats: WebVTT and TTML in fMP4 segments (codecs "wvtt",
// "stpp..."), or as whole sidecar files (text/vtt, application/ttml+xml).
enum class TextFormat { kWvtt, kStpp, kWebVtt, kTtml };
std::optional<TextFormat> text_format_of(const std::optional<std::string>& mime_type,
                                         const std::optional<std::string>& codecs);
const char* to_string(TextFormat format);

}  // namespace player
