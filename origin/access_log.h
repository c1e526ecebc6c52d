// The access log: one line per request,
//   2026-11-25T08:44:44.527Z 127.0.0.1 GET /a/seg-1.m4s range=bytes=0-99 206 100 1.5ms
// (time UTC, client, method, target, Range or "-", status, body bytes sent,
// duration from request to last byte), then, when the request carried CMCD,
// its parsed keys: ` cmcd=bl=21300,br=3200,ot=v,sid="abc",su` (or
// ` cmcd=invalid`). Control characters and spaces in client-supplied fields
// are replaced, so a request cannot forge log lines. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "media/error.h"

namespace origin {

struct AccessRecord {
  std::string_view client;
  std::string_view method;
  std::string_view target;
  std::string_view range;  // empty when none
  int status = 0;
  uint64_t bytes = 0;
  double duration_ms = 0;
  std::string_view cmcd;  // format_cmcd() of the request's CMCD, "invalid", or empty
};

std::string format_access_line(const AccessRecord& r, std::chrono::system_clock::time_point when);

class AccessLog {
 public:
  // `where`: a file (appended to), "" for stderr, "off" for no log (null).
  static media::Result<std::unique_ptr<AccessLog>> open(const std::string& where);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void write(const AccessRecord& r);

 private:
  AccessLog(std::FILE* file, bool owned) : file_(file), owned_(owned) {}
  std::FILE* file_;
  bool owned_;
  std::mutex mutex_;  // guards writes to file_
};

}  // namespace origin
