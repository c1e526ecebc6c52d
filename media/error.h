// The one error type of dashstream: a value with context, never an exception
// across module boundaries. `Status` is success-or-Error, `Result<T>` is
// value-or-Error; both are [[nodiscard]] so an ignored failure is a warning.
#pragma once

#include <cassert>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace media {

enum class ErrorCode {
  kInvalidArgument,  // bad option, bad syntax given by the user
  kNotFound,         // file, URL or element that does not exist
  kParse,            // malformed input: XML, boxes, JSON, traces, HTTP headers
  kUnsupported,      // valid input that we cannot handle
  kIo,               // filesystem errors
  kNetwork,          // connection refused, reset, HTTP error status
  kTimeout,
  kCodec,            // libav* failures
  kCancelled,        // stopped by the user (Ctrl-C) or an owner's stop flag
  kInternal,
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // "what failed, on what: why"

  // Prefixes the message with outer context: "open 'x.mpd': " + message.
  Error with_context(std::string_view context) const&;
  Error with_context(std::string_view context) &&;

  bool operator==(const Error&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Error& error);

inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  static Status ok_status() { return Status(); }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }
  // Marks a deliberately ignored status (e.g. best-effort cleanup).
  void ignore() const {}

 private:
  Error error_;
  bool ok_ = true;
};

std::ostream& operator<<(std::ostream& os, const Status& status);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT: implicit by design
  Result(Status status) : v_(status.error()) { assert(!status.ok()); }  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }
  Status status() const { return ok() ? Status() : Status(error()); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace media

// Early return of a failed Status/Result from a function returning Status or Result<U>.
#define DS_RETURN_IF_ERROR(expr)                  \
  do {                                            \
    auto ds_status_ = (expr);                     \
    if (!ds_status_.ok()) return ds_status_.error(); \
  } while (0)
