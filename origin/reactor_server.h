// An httplib::Server whose connections wait in one epoll set instead of each
// holding a thread. cpp-httplib 0.11 gives every connection a pool thread for
// its whole life (polling for the next request every 10 ms), so a few hundred
// idle keep-alive clients starve the rest. Here:
// - workers themselves wait in epoll_wait on the shared set (no hand-off
//   from a reactor thread, no queue lock): the worker that is woken answers
//   the request, re-arms the connection (EPOLLONESHOT) and waits again;
// - a connection holds a worker only while a request is read and answered,
//   and a large cached body is finished by whichever worker the socket's
//   EPOLLOUT wakes; a worker about to block (slow client, shaping, stalls)
//   starts another when none is waiting (up to max_workers), so slow
//   responses never hold up new requests, while CPU-bound work does not
//   multiply threads beyond min_workers;
// - idle connections close after keep_alive_s, and after max_requests;
// - we own the listening socket and the accept loop (a backlog of SOMAXCONN,
//   not httplib's 5) and feed httplib's parser, router and response writer
//   (process_request) from our ConnectionStream;
// - a listener may be TLS: its connections do the handshake on the worker
//   that first reads from them, then behave as above.
// Thread-safe: run() on one thread, shutdown() from another.
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "media/error.h"
#include "origin/tls_context.h"

namespace origin {

class ReactorServer : public httplib::Server {
 public:
  struct Options {
    size_t min_workers = 4;
    size_t max_workers = 1024;       // requests answered at once (shaped ones can be slow)
    int keep_alive_s = 5;            // an idle connection closes after this
    size_t max_requests = 1000;      // per connection
    int read_timeout_s = 5;          // to read a whole request
    int write_timeout_s = 10;        // without progress while writing
    size_t max_connections = 20000;  // beyond this, new connections are closed at once
    size_t max_request_bytes = 128 * 1024;  // request line + headers + body of one request
  };

  explicit ReactorServer(Options options);
  ~ReactorServer() override;

  // Listens on host:port (port 0: any free port); may be called again for
  // another port. With `tls` (which must outlive the server), connections
  // accepted there speak TLS. Call before run().
  media::Status listen_on(const std::string& host, int port, const TlsContext* tls = nullptr);
  // The port of the n-th listen_on.
  int port(size_t listener = 0) const { return listener < listeners_.size() ? listeners_[listener].port : 0; }
  // Accepts connections until shutdown(). Blocking.
  void run();
  // Stops accepting and closes idle connections; requests being answered
  // finish first, for up to `deadline_s`, then are cut (abort_responses).
  // Returns once every worker has stopped. Idempotent.
  void shutdown(double deadline_s);

  size_t open_connections() const { return open_connections_.load(); }
  size_t threads() const;

 private:
  struct Connection;
  struct Listener {
    int fd = -1;
    int port = 0;
    const TlsContext* tls = nullptr;
  };
  void accept_one(const Listener& listener);
  void worker_loop();
  void sweeper_loop();
  void maybe_add_worker();
  void serve(Connection* conn);
  // Waits in epoll for the next request, or (for_write) for room to send
  // the rest of a response.
  void arm(Connection* conn, bool for_write);
  void continue_writing(Connection* conn);
  void finish_pending_writes(int64_t deadline_ms);
  void destroy(Connection* conn);
  void abort_responses();

  Options options_;
  std::vector<Listener> listeners_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // readable once shutting down: wakes every waiter
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> open_connections_{0};
  std::atomic<size_t> waiting_workers_{0};
  mutable std::mutex workers_mutex_;  // guards workers_
  std::vector<std::thread> workers_;
  std::thread sweeper_;
  std::mutex sweep_mutex_;  // with sweep_cv_: the sweeper's sleep
  std::condition_variable sweep_cv_;
  std::mutex registry_mutex_;  // guards registry_; taken on connect and close only
  std::unordered_set<Connection*> registry_;
};

}  // namespace origin
