// The video codecs dash-package encodes and copies: names on the command
// line (--codec h264,hevc,av1), the libavcodec encoder behind each, and
// what the pipeline must know about it. Pure code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "media/error.h"

namespace packager {

enum class VideoCodec { kH264, kHevc, kAv1 };

constexpr std::string_view codec_name(VideoCodec c) {
  switch (c) {
    case VideoCodec::kH264: return "h264";
    case VideoCodec::kHevc: return "hevc";
    case VideoCodec::kAv1: return "av1";
  }
  return "h264";
}

constexpr std::string_view encoder_name(VideoCodec c) {
  switch (c) {
    case VideoCodec::kH264: return "libx264";
    case VideoCodec::kHevc: return "libx265";
    case VideoCodec::kAv1: return "libsvtav1";
  }
  return "libx264";
}

// SVT-AV1 cannot be told to make a key frame at a given picture: it makes
// one every gop_frames pictures, so segments must be a whole number of frames.
constexpr bool forces_key_frames(VideoCodec c) { return c != VideoCodec::kAv1; }

// Representation ids: "v0" for H.264 (as always), "hevc-v0", "av1-v0".
inline std::string rung_id(VideoCodec c, size_t rung) {
  const std::string prefix = c == VideoCodec::kH264 ? "" : std::string(codec_name(c)) + "-";
  return prefix + "v" + std::to_string(rung);
}

// "h264,hevc,av1" ("avc" and "h265" too): distinct, in the given order.
media::Result<std::vector<VideoCodec>> parse_codec_list(std::string_view text);

}  // namespace packager
