// A bounded multi-producer multi-consumer queue between threads, bounded by
// item count and, optionally, by a cost per item (bytes, media seconds).
// push() blocks while full, pop() while empty, both with an optional timeout.
// close() ends the stream: pops drain what is queued, then report kClosed.
// cancel() drops everything, wakes every waiter and makes later calls report
// kCancelled (Ctrl-C, a failed stage, a session that stops). clear() drops
// what is queued and keeps the queue open (a seek).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <limits>
#include <mutex>
#include <utility>

namespace media {

enum class QueueStatus { kOk, kClosed, kCancelled, kTimeout };

template <typename T>
class BoundedQueue {
 public:
  using Cost = std::function<double(const T&)>;

  // At most `capacity` items; with `cost`, also at most `max_cost` in total
  // (one item is always accepted into an empty queue, whatever its cost).
  explicit BoundedQueue(size_t capacity, Cost cost = {}, double max_cost = std::numeric_limits<double>::infinity())
      : capacity_(capacity == 0 ? 1 : capacity), cost_(std::move(cost)), max_cost_(max_cost) {}

  QueueStatus push(T item, std::chrono::milliseconds timeout = kForever) {
    const double c = cost_ ? cost_(item) : 0.0;
    std::unique_lock lock(mutex_);
    if (!not_full_.wait_for(lock, timeout, [&] { return cancelled_ || closed_ || has_room(c); }))
      return QueueStatus::kTimeout;
    if (cancelled_) return QueueStatus::kCancelled;
    if (closed_) return QueueStatus::kClosed;
    items_.emplace_back(std::move(item), c);
    total_cost_ += c;
    not_empty_.notify_one();
    return QueueStatus::kOk;
  }

  // push() that never waits: kTimeout when full.
  QueueStatus try_push(T item) { return push(std::move(item), std::chrono::milliseconds(0)); }

  QueueStatus pop(T& out, std::chrono::milliseconds timeout = kForever) {
    std::unique_lock lock(mutex_);
    if (!not_empty_.wait_for(lock, timeout, [&] { return cancelled_ || closed_ || !items_.empty(); }))
      return QueueStatus::kTimeout;
    if (cancelled_) return QueueStatus::kCancelled;
    if (items_.empty()) return QueueStatus::kClosed;  // closed and drained
    out = std::move(items_.front().first);
    total_cost_ -= items_.front().second;
    items_.pop_front();
    if (items_.empty()) total_cost_ = 0;  // no drift from floating-point sums
    not_full_.notify_all();
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
    total_cost_ = 0;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  void clear() {
    std::scoped_lock lock(mutex_);
    items_.clear();
    total_cost_ = 0;
    not_full_.notify_all();
  }

  size_t size() const {
    std::scoped_lock lock(mutex_);
    return items_.size();
  }
  double cost() const {
    std::scoped_lock lock(mutex_);
    return total_cost_;
  }

 private:
  static constexpr std::chrono::milliseconds kForever = std::chrono::hours(24 * 365);
  bool has_room(double c) const {
    return items_.empty() || (items_.size() < capacity_ && total_cost_ + c <= max_cost_);
  }

  mutable std::mutex mutex_;  // guards items_, total_cost_, closed_, cancelled_
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<std::pair<T, double>> items_;  // item and its cost
  size_t capacity_;
  Cost cost_;
  double max_cost_;
  double total_cost_ = 0;
  bool closed_ = false;
  bool cancelled_ = false;
};

}  // namespace media
