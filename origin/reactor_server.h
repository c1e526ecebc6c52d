// An httplib::Server whose idle keep-alive connections wait in one epoll set
// instead of each holding a thread. cpp-httplib 0.11 gives every connection a
// pool thread for its whole life and waits for the next request by polling
// every 10 ms, so a few hundred idle clients starve the rest and burn CPU.
// Here a connection takes a worker thread only while a request is being
// answered; between requests it sits in epoll until readable, closed, or idle
// past the keep-alive timeout. Requests still go through httplib's parser,
// routing and response writer (process_request).
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "origin/elastic_pool.h"

namespace origin {

class ReactorServer : public httplib::Server {
 public:
  struct Options {
    size_t min_workers = 4;
    size_t max_workers = 1024;      // requests answered at once (shaped ones can be slow)
    int keep_alive_s = 5;           // an idle connection closes after this
    size_t max_requests = 1000;     // per connection
    int read_timeout_s = 5;         // within a request
    int write_timeout_s = 10;
    size_t max_connections = 20000;  // beyond this, new connections are closed at once
  };

  explicit ReactorServer(Options options);
  ~ReactorServer() override;

  // Stops accepting (httplib's stop) and the reactor: idle connections are
  // closed, in-flight requests finish (the caller bounds the wait).
  void shutdown();

  size_t open_connections() const;

 private:
  struct Connection;
  // Called by httplib's accept loop for every new socket.
  bool process_and_close_socket(socket_t sock) override;
  void reactor_loop();
  void serve(Connection* conn);
  void arm(Connection* conn);
  void close_connection(int fd);

  Options options_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::unique_ptr<ElasticPool> workers_;
  std::thread reactor_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;  // guards connections_
  std::unordered_map<int, std::unique_ptr<Connection>> connections_;
};

}  // namespace origin
