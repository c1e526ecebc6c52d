#include "origin/elastic_pool.h"


namespace origin {
ElasticPool::ElasticPool(size_t min_threads, size_t max_threads, std::function<void()> on_start,
                         std::function<void()> on_end)
    : min_threads_(min_threads),
      max_threads_(std::max(min_threads, max_threads)),
      on_start_(std::move(on_start)),
      on_end_(std::move(on_end)) {
  std::scoped_lock lock(mutex_);
  for (size_t i = 0; i < min_threads_; ++i) {
    ++live_;
    threads_.emplace_back([this] { worker(); });
  }
}

ElasticPool::~ElasticPool() { shutdown(); }

void ElasticPool::enqueue(std::function<void()> fn) {
  std::scoped_lock lock(mutex_);
  tasks_.push_back(std::move(fn));
  if (idle_ < tasks_.size() && live_ < max_threads_) {
    ++live_;
    threads_.emplace_back([this] { worker(); });
  }
  cv_.notify_one();
}

void ElasticPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::scoped_lock lock(mutex_);
    if (shutdown_ && threads_.empty()) return;
    shutdown_ = true;
    cv_.notify_all();
    threads.swap(threads_);
  }
  for (auto& t : threads)
    if (t.joinable()) t.join();
}

void ElasticPool::worker() {
  std::unique_lock lock(mutex_);
  while (true) {
    ++idle_;
    cv_.wait(lock, [&] { return shutdown_ || !tasks_.empty(); });
    --idle_;
    if (tasks_.empty()) return;  // shutdown
    auto task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    if (on_start_) on_start_();
    task();
    if (on_end_) on_end_();
    lock.lock();
  }
}

}  // namespace origin
