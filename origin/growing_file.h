// Live segments that are still being written, as dash-package writes them: a
// segment grows as "<name>.part" (appended chunk by chunk, flushed after
// each) and is renamed to "<name>" once complete. Reading the .part from an
// open descriptor therefore sees every byte: new bytes while it grows, and
// after the rename the same file under its final name, complete. If neither
// name is there any more the writer gave up (it removes unfinished
// segments), and the reader must not present what it has as complete.
// Not thread-safe: one reader per request.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "media/error.h"

namespace origin {

inline constexpr const char* kGrowingSuffix = ".part";

class GrowingFile {
 public:
  // Opens "<path>.part" beneath the root (path: a cleaned request path).
  static media::Result<std::unique_ptr<GrowingFile>> open(int root_fd, const std::filesystem::path& root,
                                                          const std::string& path);
  ~GrowingFile();
  GrowingFile(const GrowingFile&) = delete;
  GrowingFile& operator=(const GrowingFile&) = delete;

  enum class State { kData, kWait, kComplete, kGone };
  // Reads up to `size` bytes at `offset`: kData (n > 0), kWait (nothing new
  // yet), kComplete (every byte has been read), kGone (abandoned).
  State read(uint64_t offset, char* buffer, size_t size, size_t& n);

 private:
  GrowingFile(int root_fd, std::filesystem::path root, std::string path, int fd)
      : root_fd_(root_fd), root_(std::move(root)), path_(std::move(path)), fd_(fd) {}
  bool still_growing() const;
  bool completed_as_final() const;  // the final name is this very file

  int root_fd_;
  std::filesystem::path root_;
  std::string path_;
  int fd_;
  bool complete_ = false;
};

// True when a file exists at the cleaned request path beneath the root.
bool exists_under_root(int root_fd, const std::string& path);

// Seconds since the file at the cleaned request path was last written;
// nullopt when there is none.
std::optional<double> file_age_s(int root_fd, const std::string& path);

// "/live/v0-12.m4s" → "/live/v0-11.m4s", "/x/chunk-stream0-00010.m4s" →
// "/x/chunk-stream0-00009.m4s": the segment before by $Number$;
// nullopt when the name does not end in "-<number>.<ext>" or the number is 0.
std::optional<std::string> previous_segment_path(const std::string& path);

}  // namespace origin
