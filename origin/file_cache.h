// A bounded in-memory cache of hot files (segments, manifests), so repeated
// requests skip the disk. Entries are keyed by path and revalidated by size
// and modification time; the least recently used go first. Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace origin {

class FileCache {
 public:
  // At most `capacity_bytes` in total; files above `max_file_bytes` are never cached.
  FileCache(uint64_t capacity_bytes, uint64_t max_file_bytes)
      : capacity_bytes_(capacity_bytes), max_file_bytes_(max_file_bytes) {}

  // The file's bytes when cacheable (loading it on a miss), else null: the
  // caller then streams from disk.
  // `fd` is the open file (read with pread; not closed here).
  std::shared_ptr<const std::string> get(const std::string& path, int fd, uint64_t size, int64_t mtime_ns);

  uint64_t cached_bytes() const;

 private:
  struct Entry {
    std::shared_ptr<const std::string> data;
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    std::list<std::string>::iterator lru;
  };
  uint64_t capacity_bytes_;
  uint64_t max_file_bytes_;
  mutable std::mutex mutex_;  // guards everything below
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // most recent first
  uint64_t total_bytes_ = 0;
};

}  // namespace origin
