// The server side of TLS for dash-origin: one OpenSSL context made from a PEM
// certificate chain and its private key (TLS 1.2 and 1.3, ALPN "http/1.1",
// no renegotiation, server-side session cache and tickets). Connections get a
// TlsSession from it. Immutable after create(); shared by every worker.
#pragma once

#include <memory>
#include <string>

#include "media/error.h"

typedef struct ssl_ctx_st SSL_CTX;

namespace origin {

class TlsContext {
 public:
  // Loads `cert_path` (PEM chain, leaf first) and `key_path` (PEM key); an
  // error names the file and OpenSSL's reason, or says they do not match.
  static media::Result<std::unique_ptr<TlsContext>> create(const std::string& cert_path, const std::string& key_path);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  SSL_CTX* native() const { return ctx_; }

 private:
  explicit TlsContext(SSL_CTX* ctx) : ctx_(ctx) {}
  SSL_CTX* ctx_;
};

// OpenSSL's most recent error as text (and the queue cleared), for messages.
std::string last_tls_error();

}  // namespace origin
