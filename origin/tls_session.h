// One TLS connection over a non-blocking socket, for ConnectionStream: each
// call does what it can without waiting and says which socket event would let
// it go on. OpenSSL writes with write(2), so the process must ignore SIGPIPE
// (dash-origin does). Not thread-safe: used by one worker at a time, like its
// stream.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <memory>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace origin {

class TlsSession {
 public:
  // Null when OpenSSL cannot make a session (out of memory).
  static std::unique_ptr<TlsSession> accept(SSL_CTX* ctx, int fd);
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  // What a call needs before it can go on.
  enum class Wait { kNone, kReadable, kWritable };
  struct Io {
    ssize_t bytes = 0;       // > 0: moved; 0 with kNone: the peer closed; < 0: failed
    Wait wait = Wait::kNone;  // set when nothing moved yet: retry after this event
  };

  // Advances the handshake; bytes = 1 once it is complete.
  Io handshake();
  Io read(char* buf, size_t size);
  // Encrypts and sends up to `size` bytes (at least one record when it can).
  // A retry after kWritable must pass the same bytes again.
  Io write(const char* buf, size_t size);
  bool handshake_done() const { return handshake_done_; }
  // Decrypted bytes held inside OpenSSL (poll cannot see them).
  size_t pending() const;
  // Sends close_notify if the socket takes it at once; never waits.
  void close_notify();

 private:
  explicit TlsSession(SSL* ssl) : ssl_(ssl) {}
  Io result_of(int rc);
  SSL* ssl_;
  bool handshake_done_ = false;
};

}  // namespace origin
