// Fetching a URL (or a byte range of it) with the timing the ABR needs: time
// to first byte kept apart from transfer time. Implementations: HTTP and
// HTTPS (cpp-httplib, persistent connections, redirects followed) and local
// files.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "media/error.h"
#include "media/mpd/model.h"

namespace player {

// Called as bytes arrive: (bytes so far, total if known, ms since the request
// started). Return false to abort the transfer (abandonment, shutdown).
using FetchProgress = std::function<bool(uint64_t received_bytes, std::optional<uint64_t> total_bytes,
                                         double elapsed_ms)>;
// Called with each piece of the body as it arrives (ms since the request
// started), before on_progress. For consumers that use the bytes while the
// response is still coming (the chunks of a growing live segment). Return
// false to abort the transfer.
using FetchBodyPiece = std::function<bool(std::string_view bytes, double elapsed_ms)>;

struct FetchRequest {
  std::string url;
  std::optional<media::ByteRange> range;
  FetchProgress on_progress;  // optional
  FetchBodyPiece on_body;     // optional; HTTP only (other fetchers deliver the body whole)
  double timeout_ms = 10000;  // the request fails when no byte arrives for this long
  std::vector<std::pair<std::string, std::string>> headers;  // extra request headers (e.g. CMCD)
  bool head = false;  // HEAD instead of GET: status and headers only (UTCTiming http-head)
};

struct FetchResult {
  std::string body;        // may stay empty in a virtual network, which sends sizes, not bytes
  uint64_t size_bytes = 0; // of the body, whether or not it is held
  int http_status = 200;
  double ttfb_ms = 0;      // request sent → response headers received
  double transfer_ms = 0;  // headers → last byte
  std::string final_url;   // where the body came from after redirects (empty: the request's URL)
  std::string date_header; // the response's Date header (HTTP servers), or empty
  double total_ms() const { return ttfb_ms + transfer_ms; }
};

// Not thread-safe: each stream of a session owns its own fetcher (and so its
// own persistent connections).
class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Errors: kNetwork (connection, HTTP status ≥ 400, short body), kTimeout,
  // kCancelled (aborted by on_progress or the stop flag), kNotFound (404).
  virtual media::Result<FetchResult> fetch(const FetchRequest& request) = 0;
  // Makes a fetch() blocked on another thread return soon (kCancelled or a
  // network error). Thread-safe. For shutting down; the fetcher stays usable.
  virtual void interrupt() {}
};

struct FetcherOptions {
  double connect_timeout_ms = 3000;
  double read_timeout_ms = 5000;  // no byte for this long: the connection is dead
  std::string session_id;         // sent as X-Session-Id (the origin shapes per session)
  const std::atomic<bool>* stop = nullptr;  // aborts transfers when set
  std::string ca_file;            // --ca-file: PEM CA certificates to trust instead of the system store
  bool insecure = false;          // --insecure: no TLS certificate or host-name verification
};

// Picks the implementation by URL: http(s):// → HTTP, anything else → local file.
std::unique_ptr<Fetcher> make_fetcher(const FetcherOptions& options);

}  // namespace player
