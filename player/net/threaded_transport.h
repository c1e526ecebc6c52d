// The real-world Transport: each channel owns a blocking Fetcher (its own
// persistent HTTP connections, or local files) and a worker thread that runs
// one request at a time, posting progress and completion to the event loop.
// Progress posts are coalesced: the loop sees the latest count, never a
// backlog; body pieces are batched the same way, none lost. Cancelling aborts the transfer through the fetcher's progress
// callback.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "player/net/transport.h"
#include "player/session/event_loop.h"

namespace player {

class ThreadedTransport final : public Transport {
 public:
  ThreadedTransport(EventLoop& loop, std::unique_ptr<Fetcher> fetcher);
  ~ThreadedTransport() override;

  void start(const FetchRequest& request, TransferHandlers handlers) override;
  void cancel() override;

 private:
  struct Job;
  void work();

  EventLoop& loop_;
  std::unique_ptr<Fetcher> fetcher_;
  std::mutex mutex_;  // guards next_, quit_
  std::condition_variable wake_;
  std::shared_ptr<Job> next_;
  bool quit_ = false;
  std::shared_ptr<Job> current_;  // loop thread: the job whose handlers may still run
  std::thread worker_;
};

class ThreadedTransportFactory final : public TransportFactory {
 public:
  ThreadedTransportFactory(EventLoop& loop, FetcherOptions options) : loop_(loop), options_(std::move(options)) {}
  std::unique_ptr<Transport> make_channel() override {
    return std::make_unique<ThreadedTransport>(loop_, make_fetcher(options_));
  }
  bool streams_body() const override { return true; }

 private:
  EventLoop& loop_;
  FetcherOptions options_;
};

}  // namespace player
