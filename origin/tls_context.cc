#include "origin/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstring>

namespace origin {
namespace {

constexpr unsigned char kAlpnHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

// Picks HTTP/1.1 when the client offers it; a client offering only h2 gets
// no ALPN answer (and will speak HTTP/1.1 or give up), never a protocol we lack.
int select_alpn(SSL*, const unsigned char** out, unsigned char* out_len, const unsigned char* in, unsigned int in_len,
                void*) {
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, out_len, kAlpnHttp11, sizeof kAlpnHttp11, in, in_len) !=
      OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_NOACK;
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace

std::string last_tls_error() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown TLS error";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  return buf;
}

media::Result<std::unique_ptr<TlsContext>> TlsContext::create(const std::string& cert_path,
                                                              const std::string& key_path) {
  ERR_clear_error();
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return media::make_error(media::ErrorCode::kInternal, "TLS: " + last_tls_error());
  std::unique_ptr<TlsContext> context(new TlsContext(ctx));
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION);
  // Writes return after each record sent (we track what went out), and a
  // retried write may come from a moved buffer (held headers are copied).
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
  SSL_CTX_set_alpn_select_cb(ctx, select_alpn, nullptr);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_path.c_str()) != 1)
    return media::make_error(media::ErrorCode::kInvalidArgument,
                             "TLS certificate '" + cert_path + "': " + last_tls_error());
  const std::string mismatch = "TLS key '" + key_path + "' does not match certificate '" + cert_path + "'";
  if (SSL_CTX_use_PrivateKey_file(ctx, key_path.c_str(), SSL_FILETYPE_PEM) != 1) {
    if (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH) {
      ERR_clear_error();
      return media::make_error(media::ErrorCode::kInvalidArgument, mismatch);
    }
    return media::make_error(media::ErrorCode::kInvalidArgument, "TLS key '" + key_path + "': " + last_tls_error());
  }
  if (SSL_CTX_check_private_key(ctx) != 1) return media::make_error(media::ErrorCode::kInvalidArgument, mismatch);
  return context;
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

}  // namespace origin
