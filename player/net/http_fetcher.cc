#include "player/net/http_fetcher.h"

#include <httplib.h>
#include <openssl/x509.h>

#include "media/clock.h"
#include "media/file_io.h"
#include "media/url.h"

namespace player {
namespace {

double ms_since(double start_s) { return (media::steady_now_s() - start_s) * 1000; }

media::Error fetch_error(media::ErrorCode code, const FetchRequest& req, const std::string& why) {
  std::string what = "GET " + req.url;
  if (req.range) what += " [" + std::to_string(req.range->first) + "-" +
                         (req.range->last ? std::to_string(*req.range->last) : "") + "]";
  return media::make_error(code, what + ": " + why);
}

void set_timeout_ms(httplib::Client& c, void (httplib::Client::*setter)(time_t, time_t), double ms) {
  auto us = static_cast<int64_t>(ms * 1000);
  (c.*setter)(us / 1000000, us % 1000000);
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

media::ErrorCode error_code(httplib::Error e) {
  return e == httplib::Error::ConnectionTimeout || e == httplib::Error::Read ? media::ErrorCode::kTimeout
                                                                             : media::ErrorCode::kNetwork;
}

// httplib's name for the error, with OpenSSL's reason when a certificate was refused.
std::string describe_error(const httplib::Client& client, httplib::Error e) {
  if (e == httplib::Error::SSLServerVerification) {
    const long verify = client.get_openssl_verify_result();
    return std::string("TLS certificate not accepted: ") +
           (verify != X509_V_OK ? X509_verify_cert_error_string(verify)
                                : "it does not name this host") +
           " (--ca-file to trust another CA, --insecure to skip verification)";
  }
  if (e == httplib::Error::SSLConnection) return "TLS handshake failed";
  return httplib::to_string(e);
}

}  // namespace

HttpFetcher::HttpFetcher(FetcherOptions options) : options_(std::move(options)) {}
HttpFetcher::~HttpFetcher() = default;

void HttpFetcher::interrupt() {
  std::scoped_lock lock(clients_mutex_);
  for (auto& [origin, client] : clients_) client->stop();
}

httplib::Client& HttpFetcher::client_for(const std::string& origin) {
  std::scoped_lock lock(clients_mutex_);
  auto it = clients_.find(origin);
  if (it != clients_.end()) return *it->second;
  auto client = std::make_unique<httplib::Client>(origin);
  client->set_keep_alive(true);
  client->set_tcp_nodelay(true);
  // Redirects are followed here, not by httplib: the final URL is needed (a
  // redirected MPD's BaseURLs resolve against it) and every hop is a request
  // of our own, with our headers, timeouts and TLS settings.
  client->set_follow_location(false);
  if (origin.rfind("https:", 0) == 0) {
    // Without --ca-file httplib loads OpenSSL's default paths: the system store.
    if (!options_.ca_file.empty()) client->set_ca_cert_path(options_.ca_file);
    // Verification covers the chain and the host name (httplib checks the
    // certificate's subjectAltName against the host).
    client->enable_server_certificate_verification(!options_.insecure);
  }
  set_timeout_ms(*client, &httplib::Client::set_connection_timeout, options_.connect_timeout_ms);
  set_timeout_ms(*client, &httplib::Client::set_read_timeout, options_.read_timeout_ms);
  return *clients_.emplace(origin, std::move(client)).first->second;
}

media::Result<FetchResult> HttpFetcher::fetch(const FetchRequest& req) {
  std::string url = req.url;
  for (int hop = 0;; ++hop) {
    std::string location;
    auto result = fetch_once(req, url, location);
    if (!result.ok() || location.empty()) {
      if (result.ok() && url != req.url) result->final_url = url;
      return result;
    }
    if (hop == kMaxRedirects)
      return fetch_error(media::ErrorCode::kNetwork, req, "more than " + std::to_string(kMaxRedirects) + " redirects");
    url = media::resolve_url(url, location);
  }
}

// One request to `url` (req.url or where it redirected to). A redirect
// answers with an empty body and the Location header in `redirect_to`.
media::Result<FetchResult> HttpFetcher::fetch_once(const FetchRequest& req, const std::string& url,
                                                   std::string& redirect_to) {
  media::UrlParts parts = media::split_url(url);
  if ((parts.scheme != "http" && parts.scheme != "https") || !parts.has_authority || parts.authority.empty())
    return fetch_error(media::ErrorCode::kInvalidArgument, req,
                       url == req.url ? "only http:// and https:// URLs are supported"
                                      : "redirected to '" + url + "', not an http(s) URL");
  std::string origin = parts.scheme + "://" + parts.authority;
  std::string target = parts.path.empty() ? "/" : parts.path;
  if (parts.has_query) target += "?" + parts.query;

  httplib::Headers headers;
  if (req.range) {
    headers.emplace("Range", "bytes=" + std::to_string(req.range->first) + "-" +
                                 (req.range->last ? std::to_string(*req.range->last) : ""));
  }
  if (!options_.session_id.empty()) headers.emplace("X-Session-Id", options_.session_id);
  for (const auto& [name, value] : req.headers) headers.emplace(name, value);

  FetchResult result;
  std::optional<uint64_t> expected_length;
  bool aborted = false;
  const double start = media::steady_now_s();
  double headers_at = start;

  auto on_headers = [&](const httplib::Response& res) {
    headers_at = media::steady_now_s();
    result.ttfb_ms = ms_since(start);
    result.http_status = res.status;
    result.date_header = res.get_header_value("Date");
    if (is_redirect(res.status)) redirect_to = res.get_header_value("Location");
    if (res.status >= 300) return false;  // no body wanted; reported below
    if (res.has_header("Content-Length")) {
      expected_length = std::strtoull(res.get_header_value("Content-Length").c_str(), nullptr, 10);
      if (*expected_length < (64u << 20)) result.body.reserve(*expected_length);
    }
    return true;
  };
  auto on_data = [&](const char* data, size_t len) {
    result.body.append(data, len);
    double elapsed = ms_since(start);
    if (options_.stop != nullptr && options_.stop->load()) {
      aborted = true;
      return false;
    }
    if (req.on_body && !req.on_body(std::string_view(data, len), elapsed)) {
      aborted = true;
      return false;
    }
    if (req.on_progress && !req.on_progress(result.body.size(), expected_length, elapsed)) {
      aborted = true;
      return false;
    }
    return true;
  };

  httplib::Client& client = client_for(origin);
  // A transfer fails when no byte arrives for this long (a slow one may take as long as it needs).
  set_timeout_ms(client, &httplib::Client::set_read_timeout, std::min(options_.read_timeout_ms, req.timeout_ms));
  if (req.head) {
    httplib::Result head = client.Head(target, headers);
    if (!head) return fetch_error(error_code(head.error()), req, describe_error(client, head.error()));
    result.ttfb_ms = ms_since(start);
    result.http_status = head->status;
    result.date_header = head->get_header_value("Date");
    if (is_redirect(head->status)) {
      redirect_to = head->get_header_value("Location");
      if (!redirect_to.empty()) return result;
    }
    if (head->status >= 300)
      return fetch_error(head->status == 404 ? media::ErrorCode::kNotFound : media::ErrorCode::kNetwork, req,
                         "HTTP " + std::to_string(head->status));
    return result;
  }
  httplib::Result res = client.Get(target, headers, on_headers, on_data);
  result.transfer_ms = ms_since(headers_at);

  if (aborted) {
    client.stop();
    return fetch_error(media::ErrorCode::kCancelled, req, "aborted");
  }
  if (result.http_status >= 300 && res.error() == httplib::Error::Canceled) {
    client.stop();  // the body was not read: the connection cannot be reused
    if (is_redirect(result.http_status) && !redirect_to.empty()) return result;
    auto code = result.http_status == 404 ? media::ErrorCode::kNotFound : media::ErrorCode::kNetwork;
    return fetch_error(code, req, "HTTP " + std::to_string(result.http_status) +
                                      (is_redirect(result.http_status) ? " without a Location" : ""));
  }
  if (!res) return fetch_error(error_code(res.error()), req, describe_error(client, res.error()));
  if (expected_length && result.body.size() < *expected_length)
    return fetch_error(media::ErrorCode::kNetwork, req,
                       "truncated body: " + std::to_string(result.body.size()) + " of " +
                           std::to_string(*expected_length) + " bytes");
  if (req.range && res->status == 200) {
    // The server ignored the Range: keep just the requested bytes.
    uint64_t first = req.range->first;
    uint64_t last = req.range->last.value_or(result.body.size() - 1);
    if (last >= result.body.size() || first > last)
      return fetch_error(media::ErrorCode::kNetwork, req, "range beyond the body of a 200 response");
    result.body = result.body.substr(first, last - first + 1);
  }
  result.size_bytes = result.body.size();
  return result;
}

media::Result<FetchResult> FileFetcher::fetch(const FetchRequest& req) {
  std::string path = req.url;
  if (path.rfind("file://", 0) == 0) path = media::split_url(path).path;
  const double start = media::steady_now_s();
  auto data = media::read_file(path, 1u << 30);
  if (!data.ok()) return data.error();
  FetchResult result;
  if (req.range) {
    uint64_t first = req.range->first;
    uint64_t last = req.range->last.value_or(data->empty() ? 0 : data->size() - 1);
    if (data->empty() || last >= data->size() || first > last)
      return fetch_error(media::ErrorCode::kInvalidArgument, req, "range beyond the end of the file");
    result.body = data->substr(first, last - first + 1);
  } else {
    result.body = std::move(data).value();
  }
  result.transfer_ms = ms_since(start);
  result.size_bytes = result.body.size();
  return result;
}

std::unique_ptr<Fetcher> make_fetcher(const FetcherOptions& options) {
  // One HTTP fetcher serves http:// URLs; a path or file:// URL is read from disk.
  struct AnyFetcher : Fetcher {
    explicit AnyFetcher(const FetcherOptions& o) : http(o) {}
    media::Result<FetchResult> fetch(const FetchRequest& r) override {
      if (media::is_absolute_url(r.url) && r.url.rfind("file:", 0) != 0) return http.fetch(r);
      return file.fetch(r);
    }
    void interrupt() override { http.interrupt(); }
    HttpFetcher http;
    FileFetcher file;
  };
  return std::make_unique<AnyFetcher>(options);
}

}  // namespace player
