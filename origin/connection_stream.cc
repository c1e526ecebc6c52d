#include "origin/connection_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace origin {
namespace {

constexpr size_t kReadBufferBytes = 16 * 1024;
// Headers bigger than this are sent at once rather than held back.
constexpr size_t kMaxHeldBytes = 64 * 1024;
// Writes at least this big may be deferred (smaller ones go out at once).
constexpr size_t kMinDeferredBytes = 64 * 1024;

thread_local ConnectionStream* t_current = nullptr;
thread_local ConnectionStream::BlockingHook t_blocking_hook = nullptr;
thread_local void* t_blocking_context = nullptr;

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool wait_for(int fd, short events, int timeout_ms) {
  if (timeout_ms <= 0) return false;
  ConnectionStream::before_blocking();
  pollfd p{fd, events, 0};
  int r;
  do {
    r = ::poll(&p, 1, timeout_ms);
  } while (r < 0 && errno == EINTR);
  return r > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
}

short poll_events(TlsSession::Wait wait) { return wait == TlsSession::Wait::kWritable ? POLLOUT : POLLIN; }

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

}  // namespace

ConnectionStream::ConnectionStream(int fd, int read_timeout_ms, int write_timeout_ms, size_t max_request_bytes,
                                   std::unique_ptr<TlsSession> tls)
    : fd_(fd),
      tls_(std::move(tls)),
      read_timeout_ms_(read_timeout_ms),
      write_timeout_ms_(write_timeout_ms),
      max_request_bytes_(max_request_bytes),
      buffer_(kReadBufferBytes) {}

ConnectionStream* ConnectionStream::current() { return t_current; }
void ConnectionStream::set_current(ConnectionStream* stream) { t_current = stream; }

void ConnectionStream::set_blocking_hook(BlockingHook hook, void* context) {
  t_blocking_hook = hook;
  t_blocking_context = context;
}

void ConnectionStream::before_blocking() {
  if (t_blocking_hook != nullptr) t_blocking_hook(t_blocking_context);
}

void ConnectionStream::begin_request() {
  read_deadline_ms_ = steady_ms() + read_timeout_ms_;
  request_bytes_ = 0;
  hold_next_write_ = true;
  held_.clear();
  defer_owner_.reset();
}

void ConnectionStream::defer_large_writes(std::shared_ptr<const void> owner) { defer_owner_ = std::move(owner); }

int ConnectionStream::read_wait_ms() const { return static_cast<int>(read_deadline_ms_ - steady_ms()); }

bool ConnectionStream::is_readable() const { return has_input() || wait_for(fd_, POLLIN, read_wait_ms()); }

bool ConnectionStream::handshake() {
  if (!tls_ || tls_->handshake_done()) return true;
  read_deadline_ms_ = steady_ms() + read_timeout_ms_;
  while (true) {
    const TlsSession::Io io = tls_->handshake();
    if (io.bytes > 0) return true;
    if (io.bytes < 0 || !wait_for(fd_, poll_events(io.wait), read_wait_ms())) return false;
  }
}

ssize_t ConnectionStream::receive_some(char* buf, size_t size, short& wait_events) {
  if (tls_) {
    const TlsSession::Io io = tls_->read(buf, size);
    if (io.bytes != 0 || io.wait == TlsSession::Wait::kNone) return io.bytes;
    wait_events = poll_events(io.wait);
    return kWouldBlock;
  }
  while (true) {
    const ssize_t n = ::recv(fd_, buf, size, MSG_DONTWAIT);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    wait_events = POLLIN;
    return kWouldBlock;
  }
}

bool ConnectionStream::is_writable() const {
  // While output is pending, httplib's next write lands behind it (queued or
  // sent in order by send_all), so the socket's state does not matter.
  return has_pending() || wait_for(fd_, POLLOUT, write_timeout_ms_);
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (request_bytes_ >= max_request_bytes_) return -1;  // httplib answers 400 and we close
  size = std::min(size, max_request_bytes_ - request_bytes_);
  if (buffered() == 0) {
    // A request that waits for the client (e.g. Expect: 100-continue) must
    // not sit on output the client is waiting for.
    if (!held_.empty() && !flush()) return -1;
    ssize_t n;
    short wait_events = POLLIN;
    while ((n = receive_some(buffer_.data(), buffer_.size(), wait_events)) == kWouldBlock)
      if (!wait_for(fd_, wait_events, read_wait_ms())) return -1;  // past the request's deadline
    if (n <= 0) return n;
    begin_ = 0;
    end_ = static_cast<size_t>(n);
  }
  size_t take = std::min(size, buffered());
  std::memcpy(ptr, buffer_.data() + begin_, take);
  begin_ += take;
  request_bytes_ += take;
  return static_cast<ssize_t>(take);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (hold_next_write_ && held_.empty() && size <= kMaxHeldBytes) {
    hold_next_write_ = false;
    held_.assign(ptr, size);
    return static_cast<ssize_t>(size);
  }
  hold_next_write_ = false;
  if (has_pending()) {
    // Only one deferred region at a time: finish it first, in order.
    const bool ok = send_all(pending_head_.data(), pending_head_.size(), pending_data_, pending_size_);
    pending_head_.clear();
    pending_size_ = 0;
    finish_pending(ok);
    if (!ok) return -1;
  }
  if (defer_owner_ && size >= kMinDeferredBytes) {
    // Send what the socket takes now; the reactor sends the rest.
    ssize_t n = send_some(held_.data(), held_.size(), ptr, size);
    if (n < 0) return -1;
    size_t sent = static_cast<size_t>(n);
    if (sent < held_.size()) {
      pending_head_ = held_.substr(sent);
      sent = 0;
    } else {
      sent -= held_.size();
    }
    held_.clear();
    pending_data_ = ptr + sent;
    pending_size_ = size - sent;
    pending_owner_ = has_pending() ? defer_owner_ : nullptr;
    return static_cast<ssize_t>(size);
  }
  const bool ok = send_all(held_.data(), held_.size(), ptr, size);
  held_.clear();
  return ok ? static_cast<ssize_t>(size) : -1;
}

bool ConnectionStream::flush() {
  hold_next_write_ = false;
  if (held_.empty()) return true;
  if (has_pending()) {  // headers held after deferred bytes: queue them behind (never happens with httplib)
    const bool ok = send_all(pending_head_.data(), pending_head_.size(), pending_data_, pending_size_);
    pending_head_.clear();
    pending_size_ = 0;
    finish_pending(ok);
    if (!ok) return false;
  }
  const bool ok = send_all(held_.data(), held_.size(), nullptr, 0);
  held_.clear();
  return ok;
}

ConnectionStream::Progress ConnectionStream::send_pending() {
  while (has_pending()) {
    ssize_t n = send_some(pending_head_.data(), pending_head_.size(), pending_data_, pending_size_);
    if (n < 0) {
      drop_pending();
      return Progress::kFailed;
    }
    if (n == 0) return Progress::kBlocked;  // the socket is full
    size_t sent = static_cast<size_t>(n);
    const size_t from_head = std::min(sent, pending_head_.size());
    pending_head_.erase(0, from_head);
    sent -= from_head;
    pending_data_ += sent;
    pending_size_ -= sent;
  }
  finish_pending(true);
  return Progress::kDone;
}

void ConnectionStream::drop_pending() {
  pending_head_.clear();
  pending_size_ = 0;
  finish_pending(false);
}

void ConnectionStream::finish_pending(bool ok) {
  pending_owner_.reset();
  defer_owner_.reset();
  pending_data_ = nullptr;
  if (auto fn = std::move(on_pending_done_)) {
    on_pending_done_ = nullptr;
    fn(ok);
  }
}

ssize_t ConnectionStream::send_some(const char* a, size_t a_size, const char* b, size_t b_size) {
  if (tls_) return send_some_tls(a, a_size, b, b_size);
  iovec iov[2] = {{const_cast<char*>(a), a_size}, {const_cast<char*>(b), b_size}};
  const int first = a_size > 0 ? 0 : 1;
  msghdr msg{};
  msg.msg_iov = iov + first;
  msg.msg_iovlen = static_cast<size_t>(2 - first);
  while (true) {
    ssize_t n = ::sendmsg(fd_, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    return -1;
  }
}

ssize_t ConnectionStream::send_some_tls(const char* a, size_t a_size, const char* b, size_t b_size) {
  // Each TLS write sends at most a record or so: go on while the socket takes
  // more, so a large body is not handed to the reactor 16 KiB at a time.
  ssize_t sent = 0;
  while (a_size + b_size > 0) {
    const bool head = a_size > 0;
    const TlsSession::Io io = tls_->write(head ? a : b, head ? a_size : b_size);
    if (io.bytes > 0) {
      const auto n = static_cast<size_t>(io.bytes);
      sent += io.bytes;
      if (head) {
        a += n;
        a_size -= n;
      } else {
        b += n;
        b_size -= n;
      }
      continue;
    }
    // Renegotiation is off, so a write never waits for input; treat it as a failure.
    if (io.bytes < 0 || io.wait == TlsSession::Wait::kReadable) return sent > 0 ? sent : -1;
    return sent;  // the socket is full; OpenSSL keeps the record it started
  }
  return sent;
}

bool ConnectionStream::send_all(const char* a, size_t a_size, const char* b, size_t b_size) {
  while (a_size + b_size > 0) {
    ssize_t n = send_some(a, a_size, b, b_size);
    if (n < 0) return false;
    if (n == 0) {
      if (!wait_for(fd_, POLLOUT, write_timeout_ms_)) return false;  // the client stopped reading
      continue;
    }
    auto sent = static_cast<size_t>(n);
    const size_t from_a = std::min(sent, a_size);
    a += from_a;
    a_size -= from_a;
    sent -= from_a;
    b += sent;
    b_size -= sent;
  }
  return true;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  if (remote_port_ < 0) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) ip_and_port(addr, remote_ip_, remote_port_);
  }
  ip = remote_ip_;
  port = remote_port_;
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  if (local_port_ < 0) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) ip_and_port(addr, local_ip_, local_port_);
  }
  ip = local_ip_;
  port = local_port_;
}

}  // namespace origin
