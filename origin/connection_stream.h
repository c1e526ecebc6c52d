// One client socket as an httplib::Stream, for the reactor's workers:
// - a read buffer that lives as long as the connection, so pipelined requests
//   are not lost between two requests (httplib reads a request byte by byte);
// - a deadline for reading a whole request (not per read), so a client that
//   trickles a byte now and then (slowloris) cannot hold a worker for longer,
//   and a cap on its size (so endless header lines cannot fill memory);
// - the status line and headers are held back and leave with the first body
//   bytes in one sendmsg (or alone when the request ends), so a small
//   response is one system call and one TCP segment;
// - a body whose bytes outlive the request (a cached file, see
//   defer_large_writes) is not waited for: what the socket does not take at
//   once stays pending, and the reactor sends the rest whenever the socket is
//   writable, without holding a thread (as an event-driven server does);
// - reads and writes try the socket first and poll only when it would block;
// - peer and local addresses are looked up once per connection;
// - with a TlsSession, the same over TLS: the handshake runs on the worker
//   under the read deadline, and bytes OpenSSL holds count as buffered input.
// Not thread-safe: used by one worker at a time.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "origin/tls_session.h"

namespace origin {

class ConnectionStream : public httplib::Stream {
 public:
  // `max_request_bytes` bounds what one request may make us read (request
  // line, headers and any body): httplib caps each line, not their number.
  // With `tls`, every byte goes through it (the handshake first).
  ConnectionStream(int fd, int read_timeout_ms, int write_timeout_ms, size_t max_request_bytes,
                   std::unique_ptr<TlsSession> tls = nullptr);

  // The stream of the request the calling thread is answering, or null.
  static ConnectionStream* current();
  static void set_current(ConnectionStream* stream);

  // A worker about to wait for a client or a timer calls before_blocking(),
  // which runs the hook its server installed on that thread (to start
  // another worker when none is free). CPU work never does.
  using BlockingHook = void (*)(void* context);
  static void set_blocking_hook(BlockingHook hook, void* context);
  static void before_blocking();

  // Starts a request: its whole request must arrive within the read timeout,
  // and the first write (headers) is held back.
  void begin_request();
  // Sends what is held back; false when the client is gone or too slow.
  bool flush();
  // The response is written (or queued): drops the reference to its bytes
  // unless they are still pending.
  void end_response() { defer_owner_.reset(); }
  // Bytes already read from the socket and not yet consumed.
  size_t buffered() const { return end_ - begin_; }
  // Input that poll cannot see: buffered bytes, or decrypted ones in OpenSSL.
  bool has_input() const { return buffered() > 0 || (tls_ && tls_->pending() > 0); }
  // Completes the TLS handshake (at once without TLS); false when the client
  // failed it or did not finish within the read timeout.
  bool handshake();
  // Says goodbye to a TLS peer if the socket takes it at once (before close).
  void close_notify() {
    if (tls_) tls_->close_notify();
  }
  // The connection closes once the current response is sent (e.g. a request
  // body was refused and the stream can no longer be parsed).
  void close_after_response() { close_requested_ = true; }
  bool close_requested() const { return close_requested_; }

  // For the rest of this response, a large write may return before its bytes
  // are sent; `owner` keeps them alive until they are.
  void defer_large_writes(std::shared_ptr<const void> owner);
  bool has_pending() const { return pending_size_ > 0 || !pending_head_.empty(); }
  enum class Progress { kDone, kBlocked, kFailed };
  // Sends pending bytes until done or the socket is full; never waits.
  Progress send_pending();
  // Runs `fn(sent_all)` when the pending bytes are all sent, or have failed.
  void on_pending_done(std::function<void(bool)> fn) { on_pending_done_ = std::move(fn); }
  // Ends the pending write as failed (runs the callback).
  void drop_pending();

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  // Sends both buffers completely (either may be empty), waiting for the
  // socket up to the write timeout each time it is full.
  bool send_all(const char* a, size_t a_size, const char* b, size_t b_size);
  // One non-blocking sendmsg of both buffers (over TLS: as many records as
  // the socket takes); bytes sent, 0 when the socket is full, -1 on error.
  ssize_t send_some(const char* a, size_t a_size, const char* b, size_t b_size);
  ssize_t send_some_tls(const char* a, size_t a_size, const char* b, size_t b_size);
  // One non-blocking receive: bytes, 0 at the end of the stream, -1 on error,
  // or kWouldBlock with the poll events to wait for in `wait_events`.
  static constexpr ssize_t kWouldBlock = -2;
  ssize_t receive_some(char* buf, size_t size, short& wait_events);
  void finish_pending(bool ok);
  int read_wait_ms() const;

  int fd_;
  std::unique_ptr<TlsSession> tls_;  // null for plain HTTP
  int read_timeout_ms_;
  int write_timeout_ms_;
  size_t max_request_bytes_;
  int64_t read_deadline_ms_ = 0;  // steady clock; reads fail past it
  size_t request_bytes_ = 0;      // consumed by the current request
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;
  bool hold_next_write_ = false;
  bool close_requested_ = false;
  std::string held_;  // status line and headers waiting for the body
  // Deferred output: pending_head_ (copied header bytes) then
  // [pending_data_, pending_data_ + pending_size_), kept alive by pending_owner_.
  std::shared_ptr<const void> defer_owner_;  // set for the current response
  std::shared_ptr<const void> pending_owner_;
  std::string pending_head_;
  const char* pending_data_ = nullptr;
  size_t pending_size_ = 0;
  std::function<void(bool)> on_pending_done_;
  mutable std::string remote_ip_, local_ip_;
  mutable int remote_port_ = -1, local_port_ = -1;
};

}  // namespace origin
