// A bounded multi-producer multi-consumer queue. push() blocks while full,
// pop() while empty, both with a timeout; stop() wakes every waiter and makes
// later calls return kStopped. clear() drops queued items (after a seek).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace player {

enum class QueueStatus { kOk, kStopped, kTimeout };

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  QueueStatus push(T item, std::chrono::milliseconds timeout = std::chrono::hours(24)) {
    std::unique_lock lock(mutex_);
    if (!not_full_.wait_for(lock, timeout, [&] { return stopped_ || items_.size() < capacity_; }))
      return QueueStatus::kTimeout;
    if (stopped_) return QueueStatus::kStopped;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return QueueStatus::kOk;
  }

  QueueStatus pop(T& out, std::chrono::milliseconds timeout = std::chrono::hours(24)) {
    std::unique_lock lock(mutex_);
    if (!not_empty_.wait_for(lock, timeout, [&] { return stopped_ || !items_.empty(); }))
      return QueueStatus::kTimeout;
    if (items_.empty()) return QueueStatus::kStopped;  // stopped and drained
    out = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return QueueStatus::kOk;
  }

  // Items already queued can still be popped after stop(); pushes fail.
  void stop() {
    std::scoped_lock lock(mutex_);
    stopped_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  void clear() {
    std::scoped_lock lock(mutex_);
    items_.clear();
    not_full_.notify_all();
  }

  size_t size() const {
    std::scoped_lock lock(mutex_);
    return items_.size();
  }

 private:
  mutable std::mutex mutex_;  // guards items_ and stopped_
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<T> items_;
  size_t capacity_;
  bool stopped_ = false;
};

}  // namespace player
