#include "media/error.h"

namespace media {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kParse: return "parse error";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kIo: return "i/o error";
    case ErrorCode::kNetwork: return "network error";
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kCodec: return "codec error";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kInternal: return "internal error";
  }
  return "unknown error";
}

Error Error::with_context(std::string_view context) const& {
  return Error{code, std::string(context) + ": " + message};
}

Error Error::with_context(std::string_view context) && {
  message.insert(0, std::string(context) + ": ");
  return std::move(*this);
}

std::ostream& operator<<(std::ostream& os, const Error& error) {
  return os << error.message << " [" << to_string(error.code) << "]";
}

std::ostream& operator<<(std::ostream& os, const Status& status) {
  if (status.ok()) return os << "ok";
  return os << status.error();
}

}  // namespace media
