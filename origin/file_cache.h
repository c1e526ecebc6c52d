// A bounded in-memory cache of hot files (segments, manifests) with their
// response metadata, so a repeated request costs no system call at all: an
// entry checked against the file system within the last `revalidate_after_s`
// is served as is (like nginx's open_file_cache_valid, which defaults to
// 60 s); an older one is revalidated by size and modification time after the
// file is opened again (which also re-checks the path stays inside the root).
// The least recently used entries go first. Time is read from the injected
// clock, which must outlive the cache. Thread-safe; lookups of fresh entries
// share a lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "media/clock.h"

namespace origin {

struct CachedFile {
  std::string data;  // the whole file
  uint64_t size_bytes = 0;
  int64_t mtime_ns = 0;
  std::string etag;           // strong validator, quoted
  std::string last_modified;  // HTTP date
};

class FileCache {
 public:
  // At most `capacity_bytes` of file data; files above `max_file_bytes` are
  // never cached (the caller streams them from disk).
  FileCache(uint64_t capacity_bytes, uint64_t max_file_bytes, double revalidate_after_s, const media::Clock& clock);

  // The entry for `path` when it was checked within revalidate_after_s.
  std::shared_ptr<const CachedFile> fresh(const std::string& path) const;

  // After opening `path` (fd, size and mtime from fstat): the cached entry
  // when it still matches (marked checked now), else the file read into a new
  // entry (inserted when it fits). Null when the file is too big or cannot be
  // read whole; `etag` and `last_modified` are copied into new entries.
  std::shared_ptr<const CachedFile> load(const std::string& path, int fd, uint64_t size_bytes, int64_t mtime_ns,
                                         const std::string& etag, const std::string& last_modified);

  // Forgets `path` (e.g. it is gone or no longer a regular file).
  void erase(const std::string& path);

  bool cacheable(uint64_t size_bytes) const { return size_bytes <= max_file_bytes_ && size_bytes <= capacity_bytes_; }
  uint64_t cached_bytes() const;
  size_t entries() const;

 private:
  struct Entry {
    std::shared_ptr<const CachedFile> file;
    mutable std::atomic<double> checked_s{0};
    mutable std::atomic<uint64_t> last_used{0};  // use tick, for LRU eviction
  };
  void evict_for(uint64_t size_bytes);  // requires: mutex_ held exclusively

  uint64_t capacity_bytes_;
  uint64_t max_file_bytes_;
  double revalidate_after_s_;
  const media::Clock& clock_;
  mutable std::atomic<uint64_t> tick_{0};
  mutable std::shared_mutex mutex_;  // guards entries_ and total_bytes_
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
  uint64_t total_bytes_ = 0;
};

}  // namespace origin
