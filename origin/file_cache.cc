#include "origin/file_cache.h"

#include <unistd.h>

#include <limits>
#include <mutex>

namespace origin {

FileCache::FileCache(uint64_t capacity_bytes, uint64_t max_file_bytes, double revalidate_after_s,
                     const media::Clock& clock)
    : capacity_bytes_(capacity_bytes),
      max_file_bytes_(max_file_bytes),
      revalidate_after_s_(revalidate_after_s),
      clock_(clock) {}

std::shared_ptr<const CachedFile> FileCache::fresh(const std::string& path) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(path);
  if (it == entries_.end()) return nullptr;
  const Entry& e = *it->second;
  if (clock_.now_s() - e.checked_s.load(std::memory_order_relaxed) > revalidate_after_s_) return nullptr;
  e.last_used.store(tick_.fetch_add(1, std::memory_order_relaxed), std::memory_order_relaxed);
  return e.file;
}

std::shared_ptr<const CachedFile> FileCache::load(const std::string& path, int fd, uint64_t size_bytes,
                                                  int64_t mtime_ns, const std::string& etag,
                                                  const std::string& last_modified) {
  if (!cacheable(size_bytes)) {
    erase(path);  // it may have grown: free an old copy
    return nullptr;
  }
  {
    std::shared_lock lock(mutex_);
    auto it = entries_.find(path);
    if (it != entries_.end() && it->second->file->size_bytes == size_bytes && it->second->file->mtime_ns == mtime_ns) {
      it->second->checked_s.store(clock_.now_s());
      it->second->last_used.store(tick_.fetch_add(1));
      return it->second->file;
    }
  }
  // Read outside the lock; two threads may read the same file once each.
  auto file = std::make_shared<CachedFile>();
  file->data.resize(size_bytes);
  size_t done = 0;
  while (done < size_bytes) {
    ssize_t n = ::pread(fd, file->data.data() + done, size_bytes - done, static_cast<off_t>(done));
    if (n <= 0) return nullptr;  // changed under us: the caller streams it instead
    done += static_cast<size_t>(n);
  }
  file->size_bytes = size_bytes;
  file->mtime_ns = mtime_ns;
  file->etag = etag;
  file->last_modified = last_modified;

  std::unique_lock lock(mutex_);
  if (auto it = entries_.find(path); it != entries_.end()) {
    total_bytes_ -= it->second->file->size_bytes;
    entries_.erase(it);
  }
  evict_for(size_bytes);
  auto entry = std::make_unique<Entry>();
  entry->file = file;
  entry->checked_s.store(clock_.now_s());
  entry->last_used.store(tick_.fetch_add(1));
  entries_.emplace(path, std::move(entry));
  total_bytes_ += size_bytes;
  return file;
}

void FileCache::evict_for(uint64_t size_bytes) {
  // A scan for the least recently used: evictions happen on misses only,
  // which read a file anyway.
  while (total_bytes_ + size_bytes > capacity_bytes_ && !entries_.empty()) {
    auto victim = entries_.begin();
    uint64_t oldest = std::numeric_limits<uint64_t>::max();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      uint64_t used = it->second->last_used.load();
      if (used < oldest) {
        oldest = used;
        victim = it;
      }
    }
    total_bytes_ -= victim->second->file->size_bytes;
    entries_.erase(victim);
  }
}

void FileCache::erase(const std::string& path) {
  {
    std::shared_lock lock(mutex_);
    if (entries_.count(path) == 0) return;  // the common case: no exclusive lock
  }
  std::unique_lock lock(mutex_);
  auto it = entries_.find(path);
  if (it == entries_.end()) return;
  total_bytes_ -= it->second->file->size_bytes;
  entries_.erase(it);
}

uint64_t FileCache::cached_bytes() const {
  std::shared_lock lock(mutex_);
  return total_bytes_;
}

size_t FileCache::entries() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

}  // namespace origin
