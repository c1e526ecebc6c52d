// The server's task queue: one task per client connection, served by a pool
// that grows on demand up to `max_threads` (threads then stay until shutdown;
// an idle one costs a stack and nothing else). A fixed
// pool blocks a thread per idle keep-alive connection, so a few hundred idle
// clients starve everyone else; growing (with bounded keep-alive idle time and
// requests per connection) keeps every connection served.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace origin {

class ElasticPool : public httplib::TaskQueue {
 public:
  // `on_start`/`on_end` bracket every task (connection gauges).
  ElasticPool(size_t min_threads, size_t max_threads, std::function<void()> on_start = {},
              std::function<void()> on_end = {});
  ~ElasticPool() override;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

 private:
  void worker();

  size_t min_threads_;
  size_t max_threads_;
  std::function<void()> on_start_, on_end_;
  std::mutex mutex_;  // guards everything below
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  size_t live_ = 0;  // threads started
  bool shutdown_ = false;
};

}  // namespace origin
