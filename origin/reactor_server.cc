#include "origin/reactor_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <vector>

namespace origin {
namespace {

constexpr size_t kReadBufferBytes = 16 * 1024;
constexpr int kSweepIntervalMs = 250;

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool wait_for(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  int r;
  do {
    r = ::poll(&p, 1, timeout_ms);
  } while (r < 0 && errno == EINTR);
  return r > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
}

void ip_and_port(const sockaddr_storage& addr, std::string& ip, int& port) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
    port = ntohs(a->sin6_port);
  }
  ip = buf;
}

// A socket as an httplib::Stream, with a read buffer that lives as long as
// the connection (so pipelined requests are not lost between two requests)
// and poll-based timeouts.
class BufferedSocketStream : public httplib::Stream {
 public:
  BufferedSocketStream(int fd, int read_timeout_ms, int write_timeout_ms)
      : fd_(fd), read_timeout_ms_(read_timeout_ms), write_timeout_ms_(write_timeout_ms), buffer_(kReadBufferBytes) {}

  bool is_readable() const override { return buffered() > 0 || wait_for(fd_, POLLIN, read_timeout_ms_); }
  bool is_writable() const override { return wait_for(fd_, POLLOUT, write_timeout_ms_); }

  ssize_t read(char* ptr, size_t size) override {
    if (buffered() == 0) {
      if (!wait_for(fd_, POLLIN, read_timeout_ms_)) return -1;
      ssize_t n;
      do {
        n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      begin_ = 0;
      end_ = static_cast<size_t>(n);
    }
    size_t take = std::min(size, buffered());
    std::memcpy(ptr, buffer_.data() + begin_, take);
    begin_ += take;
    return static_cast<ssize_t>(take);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!wait_for(fd_, POLLOUT, write_timeout_ms_)) return -1;
    ssize_t n;
    do {
      n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) ip_and_port(addr, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) ip_and_port(addr, ip, port);
  }
  socket_t socket() const override { return fd_; }

  size_t buffered() const { return end_ - begin_; }

 private:
  int fd_;
  int read_timeout_ms_;
  int write_timeout_ms_;
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;
};

// Runs accept-loop tasks (registering a socket) on the accepting thread.
class InlineQueue : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

}  // namespace

struct ReactorServer::Connection {
  int fd = -1;
  std::unique_ptr<BufferedSocketStream> stream;
  size_t served = 0;
  double idle_deadline_s = 0;
  bool busy = false;  // a worker is answering it (not in epoll)
};

ReactorServer::ReactorServer(Options options) : options_(options) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  workers_ = std::make_unique<ElasticPool>(options_.min_workers, options_.max_workers);
  new_task_queue = [] { return new InlineQueue(); };
  reactor_ = std::thread([this] { reactor_loop(); });
}

ReactorServer::~ReactorServer() {
  shutdown();
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

size_t ReactorServer::open_connections() const {
  std::scoped_lock lock(mutex_);
  return connections_.size();
}

bool ReactorServer::process_and_close_socket(socket_t sock) {
  if (stopping_.load()) {
    ::close(sock);
    return false;
  }
  int one = 1;
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  auto conn = std::make_unique<Connection>();
  conn->fd = sock;
  conn->stream = std::make_unique<BufferedSocketStream>(sock, options_.read_timeout_s * 1000,
                                                        options_.write_timeout_s * 1000);
  Connection* raw = conn.get();
  {
    std::scoped_lock lock(mutex_);
    if (connections_.size() >= options_.max_connections) {
      ::close(sock);
      return false;
    }
    connections_[sock] = std::move(conn);
  }
  arm(raw);
  return true;
}

void ReactorServer::arm(Connection* conn) {
  {
    std::scoped_lock lock(mutex_);
    conn->busy = false;
    conn->idle_deadline_s = now_s() + options_.keep_alive_s;
  }
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  ev.data.fd = conn->fd;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, conn->fd, &ev) != 0) epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, conn->fd, &ev);
}

void ReactorServer::close_connection(int fd) {
  std::unique_ptr<Connection> conn;
  {
    std::scoped_lock lock(mutex_);
    auto it = connections_.find(fd);
    if (it == connections_.end()) return;
    conn = std::move(it->second);
    connections_.erase(it);
  }
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

void ReactorServer::serve(Connection* conn) {
  while (true) {
    const bool last = conn->served + 1 >= options_.max_requests || stopping_.load();
    bool client_asked_close = false;
    const bool ok = process_request(*conn->stream, last, client_asked_close, nullptr);
    ++conn->served;
    if (!ok || client_asked_close || last) {
      close_connection(conn->fd);
      return;
    }
    // Pipelined bytes already read: answer them now, epoll would not tell.
    if (conn->stream->buffered() > 0) continue;
    arm(conn);
    return;
  }
}

void ReactorServer::reactor_loop() {
  std::vector<epoll_event> events(256);
  double next_sweep = now_s() + kSweepIntervalMs / 1000.0;
  while (!stopping_.load()) {
    int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), kSweepIntervalMs);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == wake_fd_) continue;
      Connection* conn = nullptr;
      {
        std::scoped_lock lock(mutex_);
        auto it = connections_.find(fd);
        if (it == connections_.end()) continue;
        conn = it->second.get();
        conn->busy = true;
      }
      // A hang-up with nothing to read: the client left.
      if ((events[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && !(events[i].events & EPOLLIN)) {
        close_connection(fd);
        continue;
      }
      workers_->enqueue([this, conn] { serve(conn); });
    }
    const double now = now_s();
    if (now >= next_sweep) {
      next_sweep = now + kSweepIntervalMs / 1000.0;
      std::vector<int> expired;
      {
        std::scoped_lock lock(mutex_);
        for (const auto& [fd, c] : connections_)
          if (!c->busy && now > c->idle_deadline_s) expired.push_back(fd);
      }
      for (int fd : expired) close_connection(fd);
    }
  }
}

void ReactorServer::shutdown() {
  if (stopping_.exchange(true)) return;
  stop();  // httplib: closes the listening socket
  uint64_t one = 1;
  (void)::write(wake_fd_, &one, sizeof one);
  if (reactor_.joinable()) reactor_.join();
  // Idle connections close now; busy ones finish their request first.
  std::vector<int> idle;
  {
    std::scoped_lock lock(mutex_);
    for (const auto& [fd, c] : connections_)
      if (!c->busy) idle.push_back(fd);
  }
  for (int fd : idle) close_connection(fd);
  workers_->shutdown();
  std::vector<int> rest;
  {
    std::scoped_lock lock(mutex_);
    for (const auto& [fd, c] : connections_) rest.push_back(fd);
  }
  for (int fd : rest) close_connection(fd);
}

}  // namespace origin
