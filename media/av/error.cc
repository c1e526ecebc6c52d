#include "media/av/error.h"

namespace media::av {

std::string av_error_string(int averror) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {0};
  if (av_strerror(averror, buf, sizeof buf) < 0) return "libav error " + std::to_string(averror);
  return buf;
}

Error make_av_error(int averror, std::string_view what) {
  ErrorCode code = ErrorCode::kCodec;
  if (averror == AVERROR(ENOENT)) code = ErrorCode::kNotFound;
  else if (averror == AVERROR_EXIT) code = ErrorCode::kCancelled;
  else if (averror == AVERROR(EIO) || averror == AVERROR(EACCES) || averror == AVERROR(ENOSPC)) code = ErrorCode::kIo;
  else if (averror == AVERROR_INVALIDDATA) code = ErrorCode::kParse;
  return make_error(code, std::string(what) + ": " + av_error_string(averror));
}

}  // namespace media::av
