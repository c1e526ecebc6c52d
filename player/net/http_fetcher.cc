#include "player/net/http_fetcher.h"

#include <httplib.h>

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
  client->set_follow_location(true);
  set_timeout_ms(*client, &httplib::Client::set_connection_timeout, options_.connect_timeout_ms);
  set_timeout_ms(*client, &httplib::Client::set_read_timeout, options_.read_timeout_ms);
  return *clients_.emplace(origin, std::move(client)).first->second;
}

media::Result<FetchResult> HttpFetcher::fetch(const FetchRequest& req) {
  media::UrlParts url = media::split_url(req.url);
  if (url.scheme != "http" || !url.has_authority || url.authority.empty())
    return fetch_error(media::ErrorCode::kInvalidArgument, req, "only http:// URLs are supported");
  std::string origin = url.scheme + "://" + url.authority;
  std::string target = url.path.empty() ? "/" : url.path;
  if (url.has_query) target += "?" + url.query;

  httplib::Headers headers;
  if (req.range) {
    headers.emplace("Range", "bytes=" + std::to_string(req.range->first) + "-" +
                                 (req.range->last ? std::to_string(*req.range->last) : ""));
  }
  if (!options_.session_id.empty()) headers.emplace("X-Session-Id", options_.session_id);

  FetchResult result;
  std::optional<uint64_t> expected_length;
  bool aborted = false;
  const double start = media::steady_now_s();
  double headers_at = start;

  auto on_headers = [&](const httplib::Response& res) {
    headers_at = media::steady_now_s();
    result.ttfb_ms = ms_since(start);
    result.http_status = res.status;
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
    if (req.on_progress && !req.on_progress(result.body.size(), expected_length, elapsed)) {
      aborted = true;
      return false;
    }
    return true;
  };

  httplib::Client& client = client_for(origin);
  // A transfer fails when no byte arrives for this long (a slow one may take as long as it needs).
  set_timeout_ms(client, &httplib::Client::set_read_timeout, std::min(options_.read_timeout_ms, req.timeout_ms));
  httplib::Result res = client.Get(target, headers, on_headers, on_data);
  result.transfer_ms = ms_since(headers_at);

  if (aborted) {
    client.stop();
    return fetch_error(media::ErrorCode::kCancelled, req, "aborted");
  }
  if (result.http_status >= 300 && res.error() == httplib::Error::Canceled) {
    client.stop();
    auto code = result.http_status == 404 ? media::ErrorCode::kNotFound : media::ErrorCode::kNetwork;
    return fetch_error(code, req, "HTTP " + std::to_string(result.http_status));
  }
  if (!res) {
    auto code = res.error() == httplib::Error::ConnectionTimeout || res.error() == httplib::Error::Read
                    ? media::ErrorCode::kTimeout
                    : media::ErrorCode::kNetwork;
    return fetch_error(code, req, httplib::to_string(res.error()));
  }
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
