#include "player/net/threaded_transport.h"

namespace player {

struct ThreadedTransport::Job {
  FetchRequest request;
  TransferHandlers handlers;
  std::atomic<bool> cancelled{false};  // set on the loop thread, read by the worker
  // The latest progress, handed from the worker to the loop.
  std::mutex progress_mutex;  // guards the three fields below
  uint64_t received = 0;
  std::optional<uint64_t> total;
  double elapsed_s = 0;
  double ttfb_s = 0;
  std::atomic<bool> progress_posted{false};
  std::vector<BodyPiece> pieces;  // guarded by progress_mutex: arrived, not yet handed to the loop
  std::atomic<bool> body_posted{false};
};

ThreadedTransport::ThreadedTransport(EventLoop& loop, std::unique_ptr<Fetcher> fetcher)
    : loop_(loop), fetcher_(std::move(fetcher)), worker_([this] { work(); }) {}

ThreadedTransport::~ThreadedTransport() {
  cancel();
  {
    std::scoped_lock lock(mutex_);
    quit_ = true;
  }
  wake_.notify_all();
  fetcher_->interrupt();  // a request waiting for its first byte would hold the join up
  worker_.join();
}

void ThreadedTransport::start(const FetchRequest& request, TransferHandlers handlers) {
  cancel();
  auto job = std::make_shared<Job>();
  job->request = request;
  job->handlers = std::move(handlers);
  current_ = job;
  {
    std::scoped_lock lock(mutex_);
    next_ = std::move(job);
  }
  wake_.notify_all();
}

void ThreadedTransport::cancel() {
  if (current_) current_->cancelled.store(true);
  current_.reset();
}

void ThreadedTransport::work() {
  while (true) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return quit_ || next_ != nullptr; });
      if (quit_) return;
      job = std::move(next_);
    }
    if (job->cancelled.load()) continue;
    FetchRequest req = job->request;
    double first_byte_ms = -1;
    req.on_progress = [this, job, &first_byte_ms](uint64_t received, std::optional<uint64_t> total, double elapsed_ms) {
      if (job->cancelled.load()) return false;
      if (first_byte_ms < 0) first_byte_ms = elapsed_ms;
      if (!job->handlers.on_progress) return true;
      {
        std::scoped_lock lock(job->progress_mutex);
        job->received = received;
        job->total = total;
        job->elapsed_s = elapsed_ms / 1000;
        job->ttfb_s = first_byte_ms / 1000;
      }
      if (!job->progress_posted.exchange(true)) {
        loop_.post([job] {
          job->progress_posted.store(false);
          if (job->cancelled.load()) return;
          uint64_t received_now;
          std::optional<uint64_t> total_now;
          double elapsed_s, ttfb_s;
          {
            std::scoped_lock lock(job->progress_mutex);
            received_now = job->received;
            total_now = job->total;
            elapsed_s = job->elapsed_s;
            ttfb_s = job->ttfb_s;
          }
          job->handlers.on_progress(received_now, total_now, elapsed_s, ttfb_s);
        });
      }
      return true;
    };
    if (job->handlers.on_body && !req.range) {
      // Posted before the fetch returns, so every piece reaches the loop before on_done.
      req.on_body = [this, job](std::string_view bytes, double elapsed_ms) {
        if (job->cancelled.load()) return false;
        {
          std::scoped_lock lock(job->progress_mutex);
          job->pieces.push_back({std::string(bytes), elapsed_ms / 1000});
        }
        if (!job->body_posted.exchange(true)) {
          loop_.post([job] {
            job->body_posted.store(false);
            std::vector<BodyPiece> pieces;
            {
              std::scoped_lock lock(job->progress_mutex);
              pieces.swap(job->pieces);
            }
            if (!job->cancelled.load() && !pieces.empty()) job->handlers.on_body(std::move(pieces));
          });
        }
        return true;
      };
    }
    auto result = std::make_shared<media::Result<FetchResult>>(fetcher_->fetch(req));
    loop_.post([job, result] {
      if (!job->cancelled.load()) job->handlers.on_done(std::move(*result));
    });
  }
}

}  // namespace player
