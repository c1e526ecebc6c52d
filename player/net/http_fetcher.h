// HTTP/1.1 and HTTPS fetcher over cpp-httplib with one persistent client per
// origin; follows up to kMaxRedirects redirects (301/302/303/307/308).
#pragma once

#include <map>
#include <mutex>
#include <memory>
#include <string>

#include "player/net/fetcher.h"

namespace httplib {
class Client;
}

namespace player {

class HttpFetcher : public Fetcher {
 public:
  explicit HttpFetcher(FetcherOptions options);
  ~HttpFetcher() override;
  media::Result<FetchResult> fetch(const FetchRequest& request) override;
  void interrupt() override;

  static constexpr int kMaxRedirects = 10;

 private:
  httplib::Client& client_for(const std::string& scheme_host_port);
  media::Result<FetchResult> fetch_once(const FetchRequest& request, const std::string& url, std::string& redirect_to);

  FetcherOptions options_;
  std::mutex clients_mutex_;  // guards clients_ (interrupt() comes from another thread)
  std::map<std::string, std::unique_ptr<httplib::Client>> clients_;  // keyed by "http(s)://host:port"
};

// Reads local files (paths or file:// URLs), honouring byte ranges.
class FileFetcher : public Fetcher {
 public:
  media::Result<FetchResult> fetch(const FetchRequest& request) override;
};

}  // namespace player
