#include "origin/reactor_server.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "origin/connection_stream.h"

namespace origin {
namespace {

constexpr int kSweepIntervalMs = 250;
constexpr int kIdle = 0;     // armed in epoll for the next request, no worker
constexpr int kBusy = 1;     // a worker reads or answers a request
constexpr int kWriting = 2;  // armed in epoll to send the rest of a response, no worker
constexpr int kExpired = 3;  // idle or stuck too long: the sweeper shut it down, a worker frees it

int64_t reactor_steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct ReactorServer::Connection {
  Connection(int f, int read_timeout_ms, int write_timeout_ms, size_t max_request_bytes,
             std::unique_ptr<TlsSession> tls)
      : fd(f), stream(f, read_timeout_ms, write_timeout_ms, max_request_bytes, std::move(tls)) {}
  int fd;
  ConnectionStream stream;
  size_t served = 0;
  bool in_epoll = false;
  bool close_after_write = false;  // the response being sent is the last
  // Read by the sweeper (under registry_mutex_), written by the owning worker.
  std::atomic<int> state{kBusy};
  std::atomic<int64_t> idle_deadline_ms{0};
};

ReactorServer::ReactorServer(Options options) : options_(options) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_event ev{};
  ev.events = EPOLLIN;  // level-triggered and never read: once written, it wakes every waiter
  ev.data.ptr = nullptr;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
}

ReactorServer::~ReactorServer() {
  shutdown(0);
  for (const Listener& l : listeners_)
    if (l.fd >= 0) ::close(l.fd);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

media::Status ReactorServer::listen_on(const std::string& host, int port, const TlsContext* tls) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found); rc != 0)
    return media::make_error(media::ErrorCode::kInvalidArgument,
                             "listen on " + host + ":" + service + ": " + gai_strerror(rc));
  std::string why = "no address";
  int listen_fd = -1;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0) {
      listen_fd = fd;
      break;
    }
    why = std::strerror(errno);
    ::close(fd);
  }
  freeaddrinfo(found);
  if (listen_fd < 0) return media::make_error(media::ErrorCode::kIo, "listen on " + host + ":" + service + ": " + why);
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  getsockname(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int bound_port = addr.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                                                    : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  listeners_.push_back({listen_fd, bound_port, tls});
  // httplib stops writing content-provider bodies once svr_sock_ is invalid
  // (its "shutting down" test); it stays valid until abort_responses().
  svr_sock_ = listeners_.front().fd;
  return {};
}

void ReactorServer::run() {
  {
    std::scoped_lock lock(workers_mutex_);
    if (stopping_.load()) return;
    for (size_t i = workers_.size(); i < options_.min_workers; ++i) workers_.emplace_back([this] { worker_loop(); });
    sweeper_ = std::thread([this] { sweeper_loop(); });
  }
  std::vector<pollfd> fds = {{wake_fd_, POLLIN, 0}};
  for (const Listener& l : listeners_) fds.push_back({l.fd, POLLIN, 0});
  while (!stopping_.load()) {
    if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) break;
    if (fds[0].revents != 0) break;
    for (size_t i = 1; i < fds.size(); ++i)
      if (fds[i].revents != 0) accept_one(listeners_[i - 1]);
  }
  // New clients are refused from now on; accepted ones finish.
  for (Listener& l : listeners_) {
    ::close(l.fd);
    l.fd = -1;
  }
}

void ReactorServer::accept_one(const Listener& listener) {
  while (true) {
    // OpenSSL reads and writes the socket itself: TLS sockets never block.
    int fd = ::accept4(listener.fd, nullptr, nullptr, SOCK_CLOEXEC | (listener.tls != nullptr ? SOCK_NONBLOCK : 0));
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      // EAGAIN: all taken. EMFILE/ENFILE: out of descriptors; the backlog waits.
      if (errno == EMFILE || errno == ENFILE) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      return;
    }
    if (open_connections_.load() >= options_.max_connections || stopping_.load()) {
      ::close(fd);
      continue;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::unique_ptr<TlsSession> tls;
    if (listener.tls != nullptr && !(tls = TlsSession::accept(listener.tls->native(), fd))) {
      ::close(fd);
      continue;
    }
    auto* conn = new Connection(fd, options_.read_timeout_s * 1000, options_.write_timeout_s * 1000,
                                options_.max_request_bytes, std::move(tls));
    {
      std::scoped_lock lock(registry_mutex_);
      registry_.insert(conn);
    }
    open_connections_.fetch_add(1);
    arm(conn, /*for_write=*/false);
  }
}

void ReactorServer::arm(Connection* conn, bool for_write) {
  const int wait_s = for_write ? options_.write_timeout_s : options_.keep_alive_s;
  conn->idle_deadline_ms.store(reactor_steady_ms() + int64_t{wait_s} * 1000);
  conn->state.store(for_write ? kWriting : kIdle);
  epoll_event ev{};
  ev.events = (for_write ? EPOLLOUT : EPOLLIN | EPOLLRDHUP) | EPOLLONESHOT;
  ev.data.ptr = conn;
  const int op = conn->in_epoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  conn->in_epoll = true;
  // Once armed, another worker may own it: touch nothing after this call
  // unless it failed (then no event will ever hand it to anyone).
  if (epoll_ctl(epoll_fd_, op, conn->fd, &ev) != 0) destroy(conn);
}

void ReactorServer::destroy(Connection* conn) {
  conn->stream.drop_pending();  // a response cut short is still logged
  conn->stream.close_notify();
  {
    std::scoped_lock lock(registry_mutex_);
    registry_.erase(conn);
  }
  ::close(conn->fd);  // also leaves the epoll set
  delete conn;
  open_connections_.fetch_sub(1);
}

size_t ReactorServer::threads() const {
  std::scoped_lock lock(workers_mutex_);
  return workers_.size();
}

void ReactorServer::maybe_add_worker() {
  std::scoped_lock lock(workers_mutex_);
  if (stopping_.load() || workers_.size() >= options_.max_workers || waiting_workers_.load() > 0) return;
  workers_.emplace_back([this] { worker_loop(); });
}

void ReactorServer::worker_loop() {
  // A worker about to wait on a slow client or a timer makes sure another
  // one listens for new requests; CPU-bound work starts no thread.
  ConnectionStream::set_blocking_hook(
      [](void* self) {
        auto* server = static_cast<ReactorServer*>(self);
        if (server->waiting_workers_.load() == 0) server->maybe_add_worker();
      },
      this);
  epoll_event ev{};
  while (true) {
    waiting_workers_.fetch_add(1);
    int n = epoll_wait(epoll_fd_, &ev, 1, -1);
    waiting_workers_.fetch_sub(1);
    if (stopping_.load()) {
      // Pass the wake-up on: epoll may have woken only this waiter.
      uint64_t one = 1;
      (void)!::write(wake_fd_, &one, sizeof one);
      return;  // a connection taken here is closed by shutdown()
    }
    if (n <= 0 || ev.data.ptr == nullptr) continue;
    auto* conn = static_cast<Connection*>(ev.data.ptr);
    int was = conn->state.load();
    const bool claimed = (was == kIdle || was == kWriting) && conn->state.compare_exchange_strong(was, kBusy);
    if (!claimed) {  // expired by the sweeper
      destroy(conn);
      continue;
    }
    ConnectionStream::set_current(&conn->stream);
    if (was == kWriting) {
      if (ev.events & (EPOLLERR | EPOLLHUP)) {
        conn->stream.drop_pending();
        destroy(conn);
      } else {
        continue_writing(conn);
      }
    } else if (!(ev.events & EPOLLIN)) {  // the client left
      destroy(conn);
    } else {
      serve(conn);
    }
    ConnectionStream::set_current(nullptr);
  }
}

void ReactorServer::continue_writing(Connection* conn) {
  switch (conn->stream.send_pending()) {
    case ConnectionStream::Progress::kFailed:
      destroy(conn);
      return;
    case ConnectionStream::Progress::kBlocked:
      arm(conn, /*for_write=*/true);
      return;
    case ConnectionStream::Progress::kDone:
      if (conn->close_after_write) destroy(conn);
      else if (conn->stream.has_input()) serve(conn);  // a pipelined request
      else arm(conn, /*for_write=*/false);
      return;
  }
}

void ReactorServer::serve(Connection* conn) {
  if (!conn->stream.handshake()) {
    destroy(conn);
    return;
  }
  while (true) {
    conn->stream.begin_request();
    const bool last = conn->served + 1 >= options_.max_requests || stopping_.load();
    bool client_asked_close = false;
    bool ok = process_request(conn->stream, last, client_asked_close, nullptr);
    ++conn->served;
    ok = conn->stream.flush() && ok;
    conn->stream.end_response();
    if (!ok) {
      conn->stream.drop_pending();
      destroy(conn);
      return;
    }
    conn->close_after_write = client_asked_close || last || conn->stream.close_requested();
    // The rest of a large body goes out as the socket drains, without us.
    if (conn->stream.has_pending()) {
      arm(conn, /*for_write=*/true);
      return;
    }
    if (conn->close_after_write) {
      destroy(conn);
      return;
    }
    // Pipelined bytes already read: answer them now, epoll would not tell.
    if (conn->stream.has_input()) continue;
    arm(conn, /*for_write=*/false);
    return;
  }
}

void ReactorServer::sweeper_loop() {
  std::unique_lock sleep(sweep_mutex_);
  while (!stopping_.load()) {
    sweep_cv_.wait_for(sleep, std::chrono::milliseconds(kSweepIntervalMs));
    const int64_t now = reactor_steady_ms();
    std::scoped_lock lock(registry_mutex_);
    for (Connection* c : registry_) {
      // Idle past the keep-alive time, or no write progress within the write
      // timeout. Shutting the socket down wakes its epoll entry: the worker
      // that gets the event sees kExpired and frees it.
      int state = c->state.load();
      if ((state == kIdle || state == kWriting) && now > c->idle_deadline_ms.load() &&
          c->state.compare_exchange_strong(state, kExpired))
        ::shutdown(c->fd, SHUT_RDWR);
    }
  }
}

void ReactorServer::abort_responses() {
  svr_sock_ = INVALID_SOCKET;
  std::scoped_lock lock(registry_mutex_);
  for (Connection* c : registry_)
    if (c->state.load() != kIdle) ::shutdown(c->fd, SHUT_RDWR);  // blocked or pending writes fail now
}

void ReactorServer::shutdown(double deadline_s) {
  if (stopping_.exchange(true)) return;
  const int64_t start_ms = reactor_steady_ms();
  uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
  sweep_cv_.notify_all();
  // Past the deadline, responses still going are cut.
  std::mutex done_mutex;
  std::condition_variable done_cv;
  bool done = false;
  std::thread deadline([&] {
    std::unique_lock lock(done_mutex);
    if (!done_cv.wait_for(lock, std::chrono::duration<double>(deadline_s), [&] { return done; })) abort_responses();
  });
  std::vector<std::thread> workers;
  {
    std::scoped_lock lock(workers_mutex_);
    workers.swap(workers_);
  }
  for (auto& t : workers) t.join();
  if (sweeper_.joinable()) sweeper_.join();
  finish_pending_writes(start_ms + static_cast<int64_t>(deadline_s * 1000));
  {
    std::scoped_lock lock(done_mutex);
    done = true;
  }
  done_cv.notify_all();
  deadline.join();
  // No worker is left and no write pending: the rest is idle (or was never taken).
  std::unordered_set<Connection*> rest;
  {
    std::scoped_lock lock(registry_mutex_);
    rest.swap(registry_);
  }
  for (Connection* c : rest) {
    c->stream.drop_pending();
    ::close(c->fd);
    delete c;
    open_connections_.fetch_sub(1);
  }
}

void ReactorServer::finish_pending_writes(int64_t deadline_ms) {
  // Workers are gone: send the rest of deferred bodies here, all at once.
  std::vector<Connection*> writing;
  {
    std::scoped_lock lock(registry_mutex_);
    for (Connection* c : registry_)
      if (c->stream.has_pending()) writing.push_back(c);
  }
  std::vector<pollfd> fds;
  while (!writing.empty()) {
    const int64_t left_ms = deadline_ms - reactor_steady_ms();
    if (left_ms <= 0) break;
    fds.clear();
    for (Connection* c : writing) fds.push_back({c->fd, POLLOUT, 0});
    if (::poll(fds.data(), fds.size(), static_cast<int>(std::min<int64_t>(left_ms, 100))) < 0 && errno != EINTR) break;
    std::vector<Connection*> still;
    for (size_t i = 0; i < writing.size(); ++i) {
      if (fds[i].revents == 0) {
        still.push_back(writing[i]);
        continue;
      }
      if (writing[i]->stream.send_pending() == ConnectionStream::Progress::kBlocked) still.push_back(writing[i]);
      else destroy(writing[i]);
    }
    writing.swap(still);
  }
}

}  // namespace origin
