#include "origin/growing_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>

#include "origin/path_resolver.h"

namespace origin {
namespace {

std::string relative(const std::string& path) { return path.empty() || path[0] != '/' ? path : path.substr(1); }

}  // namespace

bool exists_under_root(int root_fd, const std::string& path) {
  struct stat st {};
  return ::fstatat(root_fd, relative(path).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

std::optional<double> file_age_s(int root_fd, const std::string& path) {
  struct stat st {};
  if (::fstatat(root_fd, relative(path).c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
    return std::nullopt;
  timespec now {};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return double(now.tv_sec - st.st_mtim.tv_sec) + double(now.tv_nsec - st.st_mtim.tv_nsec) / 1e9;
}

std::optional<std::string> previous_segment_path(const std::string& path) {
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return std::nullopt;
  size_t digits = dot;
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(path[digits - 1]))) --digits;
  if (digits == dot || digits == 0 || path[digits - 1] != '-' || dot - digits > 18) return std::nullopt;
  const unsigned long long number = std::stoull(path.substr(digits, dot - digits));
  if (number == 0) return std::nullopt;
  // Zero-padded names ("chunk-stream0-00012.m4s", FFmpeg's) keep their width.
  std::string previous = std::to_string(number - 1);
  if (path[digits] == '0' && previous.size() < dot - digits) previous.insert(0, dot - digits - previous.size(), '0');
  return path.substr(0, digits) + previous + path.substr(dot);
}

media::Result<std::unique_ptr<GrowingFile>> GrowingFile::open(int root_fd, const std::filesystem::path& root,
                                                              const std::string& path) {
  auto fd = open_under_root(root_fd, root, path + kGrowingSuffix);
  if (!fd.ok()) return fd.error();
  return std::unique_ptr<GrowingFile>(new GrowingFile(root_fd, root, path, *fd));
}

GrowingFile::~GrowingFile() { ::close(fd_); }

bool GrowingFile::still_growing() const { return exists_under_root(root_fd_, path_ + kGrowingSuffix); }

bool GrowingFile::completed_as_final() const {
  auto final_fd = open_under_root(root_fd_, root_, path_);
  if (!final_fd.ok()) return false;
  struct stat a {}, b {};
  const bool same = ::fstat(fd_, &a) == 0 && ::fstat(*final_fd, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
  ::close(*final_fd);
  return same;
}

GrowingFile::State GrowingFile::read(uint64_t offset, char* buffer, size_t size, size_t& n) {
  n = 0;
  for (;;) {
    const ssize_t got = ::pread(fd_, buffer, size, static_cast<off_t>(offset));
    if (got < 0) return State::kGone;
    if (got > 0) {
      n = static_cast<size_t>(got);
      return State::kData;
    }
    if (complete_) return State::kComplete;
    if (still_growing()) return State::kWait;
    // Renamed (complete: read to the end once more, bytes may have come with
    // the last write) or removed (abandoned).
    if (!completed_as_final()) return State::kGone;
    complete_ = true;
  }
}

}  // namespace origin
