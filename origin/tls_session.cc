#include "origin/tls_session.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>
#include <climits>

namespace origin {

std::unique_ptr<TlsSession> TlsSession::accept(SSL_CTX* ctx, int fd) {
  SSL* ssl = SSL_new(ctx);
  if (ssl == nullptr) return nullptr;
  if (SSL_set_fd(ssl, fd) != 1) {
    SSL_free(ssl);
    return nullptr;
  }
  SSL_set_accept_state(ssl);
  return std::unique_ptr<TlsSession>(new TlsSession(ssl));
}

TlsSession::~TlsSession() { SSL_free(ssl_); }

TlsSession::Io TlsSession::result_of(int rc) {
  if (rc > 0) return {rc, Wait::kNone};
  const int error = SSL_get_error(ssl_, rc);
  ERR_clear_error();  // the queue is per thread; leave it clean for the next connection
  switch (error) {
    case SSL_ERROR_WANT_READ: return {0, Wait::kReadable};
    case SSL_ERROR_WANT_WRITE: return {0, Wait::kWritable};
    case SSL_ERROR_ZERO_RETURN: return {0, Wait::kNone};  // close_notify from the peer
    case SSL_ERROR_SYSCALL:
      if (errno == EINTR) return {0, Wait::kReadable};
      return {-1, Wait::kNone};
    default: return {-1, Wait::kNone};
  }
}

TlsSession::Io TlsSession::handshake() {
  const int rc = SSL_do_handshake(ssl_);
  if (rc == 1) {
    handshake_done_ = true;
    return {1, Wait::kNone};
  }
  Io io = result_of(rc);
  if (io.bytes == 0 && io.wait == Wait::kNone) io.bytes = -1;  // closed mid-handshake
  return io;
}

TlsSession::Io TlsSession::read(char* buf, size_t size) {
  return result_of(SSL_read(ssl_, buf, static_cast<int>(std::min<size_t>(size, INT_MAX))));
}

TlsSession::Io TlsSession::write(const char* buf, size_t size) {
  if (size == 0) return {0, Wait::kNone};
  Io io = result_of(SSL_write(ssl_, buf, static_cast<int>(std::min<size_t>(size, INT_MAX))));
  if (io.bytes == 0 && io.wait == Wait::kNone) io.bytes = -1;  // the peer closed: the write failed
  return io;
}

size_t TlsSession::pending() const { return static_cast<size_t>(SSL_pending(ssl_)); }

void TlsSession::close_notify() {
  if (handshake_done_) SSL_shutdown(ssl_);
  ERR_clear_error();
}

}  // namespace origin
