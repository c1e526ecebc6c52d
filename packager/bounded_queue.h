// A bounded single-producer queue between pipeline stages. push() blocks
// while full, pop() while empty. close() ends the stream: pops drain what is
// queued, then report kClosed. cancel() wakes every waiter at once and makes
// all later calls report kCancelled (Ctrl-C, or another stage failed).
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>

namespace packager {

enum class QueueStatus { kOk, kClosed, kCancelled };

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  QueueStatus push(T item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return cancelled_ || closed_ || items_.size() < capacity_; });
    if (cancelled_) return QueueStatus::kCancelled;
    if (closed_) return QueueStatus::kClosed;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return QueueStatus::kOk;
  }

  QueueStatus pop(T& out) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return cancelled_ || closed_ || !items_.empty(); });
    if (cancelled_) return QueueStatus::kCancelled;
    if (items_.empty()) return QueueStatus::kClosed;
    out = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return QueueStatus::kOk;
  }

  void close() {
    std::scoped_lock lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  void cancel() {
    std::scoped_lock lock(mutex_);
    cancelled_ = true;
    items_.clear();
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  size_t size() const {
    std::scoped_lock lock(mutex_);
    return items_.size();
  }

 private:
  mutable std::mutex mutex_;  // guards items_, closed_, cancelled_
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<T> items_;
  size_t capacity_;
  bool closed_ = false;
  bool cancelled_ = false;
};

}  // namespace packager
