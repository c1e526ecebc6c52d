#include "packager/video_codec.h"

#include <algorithm>
#include <optional>

namespace packager {

media::Result<std::vector<VideoCodec>> parse_codec_list(std::string_view text) {
  std::vector<VideoCodec> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view name = text.substr(start, comma - start);
    std::optional<VideoCodec> codec;
    if (name == "h264" || name == "avc") codec = VideoCodec::kH264;
    else if (name == "hevc" || name == "h265") codec = VideoCodec::kHevc;
    else if (name == "av1") codec = VideoCodec::kAv1;
    if (!codec)
      return media::make_error(media::ErrorCode::kInvalidArgument,
                               "bad --codec '" + std::string(text) + "': '" + std::string(name) +
                                   "' is not h264, hevc or av1");
    if (std::find(out.begin(), out.end(), *codec) != out.end())
      return media::make_error(media::ErrorCode::kInvalidArgument,
                               "bad --codec '" + std::string(text) + "': " + std::string(name) + " twice");
    out.push_back(*codec);
    start = comma + 1;
  }
  return out;
}

}  // namespace packager
