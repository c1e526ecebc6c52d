#include "origin/access_log.h"

#include <cerrno>
#include <cstring>
#include <ctime>

namespace origin {
namespace {

constexpr size_t kMaxFieldBytes = 1024;  // longer targets are cut in the log

void append_field(std::string& out, std::string_view field) {
  if (field.empty()) {
    out += '-';
    return;
  }
  for (char c : field.substr(0, kMaxFieldBytes)) {
    const auto u = static_cast<unsigned char>(c);
    out += u < 0x20 || u == 0x7f || c == ' ' ? '?' : c;
  }
}

}  // namespace

std::string format_access_line(const AccessRecord& r, std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char head[64];
  std::snprintf(head, sizeof head, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  std::string line = head;
  append_field(line, r.client);
  line += ' ';
  append_field(line, r.method);
  line += ' ';
  append_field(line, r.target);
  line += " range=";
  append_field(line, r.range);
  char tail[96];
  std::snprintf(tail, sizeof tail, " %d %llu %.1fms", r.status, static_cast<unsigned long long>(r.bytes),
                r.duration_ms);
  line += tail;
  if (!r.cmcd.empty()) {
    line += " cmcd=";
    append_field(line, r.cmcd);
  }
  line += '\n';
  return line;
}

media::Result<std::unique_ptr<AccessLog>> AccessLog::open(const std::string& where) {
  if (where == "off") return std::unique_ptr<AccessLog>();
  if (where.empty()) return std::unique_ptr<AccessLog>(new AccessLog(stderr, false));
  std::FILE* f = std::fopen(where.c_str(), "a");
  if (f == nullptr)
    return media::make_error(media::ErrorCode::kIo, "open access log '" + where + "': " + std::strerror(errno));
  return std::unique_ptr<AccessLog>(new AccessLog(f, true));
}

AccessLog::~AccessLog() {
  if (owned_) std::fclose(file_);
}

void AccessLog::write(const AccessRecord& r) {
  const std::string line = format_access_line(r, std::chrono::system_clock::now());
  std::scoped_lock lock(mutex_);
  std::fputs(line.c_str(), file_);
  std::fflush(file_);
}

}  // namespace origin
