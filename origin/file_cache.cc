#include "origin/file_cache.h"

#include <unistd.h>

namespace origin {

std::shared_ptr<const std::string> FileCache::get(const std::string& path, int fd, uint64_t size, int64_t mtime_ns) {
  if (size > max_file_bytes_ || size > capacity_bytes_) return nullptr;
  {
    std::scoped_lock lock(mutex_);
    auto it = entries_.find(path);
    if (it != entries_.end()) {
      if (it->second.size == size && it->second.mtime_ns == mtime_ns) {
        lru_.splice(lru_.begin(), lru_, it->second.lru);
        return it->second.data;
      }
      total_bytes_ -= it->second.size;
      lru_.erase(it->second.lru);
      entries_.erase(it);
    }
  }
  // Load outside the lock; two threads may load the same file once each.
  auto data = std::make_shared<std::string>();
  data->resize(size);
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, data->data() + done, size - done, static_cast<off_t>(done));
    if (n <= 0) return nullptr;  // changed under us: stream it instead
    done += static_cast<size_t>(n);
  }
  std::scoped_lock lock(mutex_);
  if (entries_.count(path) != 0) return data;
  while (total_bytes_ + size > capacity_bytes_ && !lru_.empty()) {
    auto victim = entries_.find(lru_.back());
    total_bytes_ -= victim->second.size;
    entries_.erase(victim);
    lru_.pop_back();
  }
  lru_.push_front(path);
  entries_[path] = Entry{data, size, mtime_ns, lru_.begin()};
  total_bytes_ += size;
  return data;
}

uint64_t FileCache::cached_bytes() const {
  std::scoped_lock lock(mutex_);
  return total_bytes_;
}

}  // namespace origin
