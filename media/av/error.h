// AVERROR codes → media::Error with the libav* message and our context.
#pragma once

#include <string>
#include <string_view>

#include "media/av/ptr.h"
#include "media/error.h"

namespace media::av {

// "what: <av_strerror text>", e.g. "open input 'in.mp4': No such file or directory".
Error make_av_error(int averror, std::string_view what);

// Status from a libav* return value (negative = error).
inline Status check(int ret, std::string_view what) {
  if (ret < 0) return make_av_error(ret, what);
  return {};
}

std::string av_error_string(int averror);

}  // namespace media::av
