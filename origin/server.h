// dash-origin's HTTP server: serves a content directory over cpp-httplib with
// what the packaged 0.11 lacks (strong ETag, Last-Modified, conditional
// requests, our own Range/If-Range handling, CORS, Cache-Control), safe path
// resolution, a bounded hot-file cache, shaping per session, fault injection,
// an access log and /metrics. Routes stay thin: one pre-routing handler
// answers every request.
//
// Sessions (for shaping): a request belongs to the session named by its
// `X-Session-Id` header, else by its `session` query parameter
// (`/v1/seg-3.m4s?session=abc`), else to its TCP connection. Each session has
// its own emulated link that starts with the session's first request.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "media/clock.h"
#include "media/error.h"
#include "media/pathway.h"
#include "origin/fault_injector.h"

namespace origin {

struct OriginOptions {
  std::filesystem::path root;
  std::string bind = "127.0.0.1";
  int port = 8080;                      // 0 = any free port
  bool plain_http = true;               // serve plain HTTP on `port` (off: HTTPS only)
  std::string tls_cert_path;            // PEM chain; with tls_key_path, serve HTTPS on tls_port
  std::string tls_key_path;
  int tls_port = 8443;                  // 0 = any free port
  bool listing = false;                 // directory listings
  std::string access_log;               // file; empty = stderr; "off" = none
  std::optional<double> rate_bps;       // --rate: constant link rate per session
  std::string trace_path;               // --trace: link follows this trace per session
  double latency_ms = 0;                // --latency: added before each response
  FaultOptions faults;
  uint64_t cache_bytes = 256ull << 20;  // hot-file cache size
  uint64_t cache_max_file_bytes = 16ull << 20;
  double cache_revalidate_s = 1;        // a cached file is re-stat'ed after this long
  size_t min_threads = 4;               // threads kept free for CPU-bound work
  size_t max_threads = 1024;            // requests answered at once (idle keep-alive connections take none)
  size_t max_connections = 20000;       // open connections; more are closed at once
  int keep_alive_s = 5;                 // idle keep-alive connections close after this
  size_t keep_alive_max_requests = 1000;
  int read_timeout_s = 5;               // a stalled client is dropped after this
  int write_timeout_s = 10;
  size_t max_body_bytes = 64 * 1024;    // request bodies (we take none; larger → 413)
  double shutdown_deadline_s = 5;       // in-flight responses get this long on SIGINT/SIGTERM
  std::string dashjs_path;              // local dash.all.min.js for the /_player page (else a CDN URL)
  // Live: a segment not there yet whose predecessor is waits this long for
  // the packager to start it (0 = 404 at once); see origin/growing_file.h.
  double live_wait_s = 2;
  bool steering = false;                // answer content steering requests at /_steering
  std::vector<media::Pathway> pathways;  // what steering ranks; each one's /metrics is probed
  std::string steering_policy_path;     // JSON policy (origin/steering.h); empty = live ranking, defaults
};

class OriginServer {
 public:
  // `clock` times shaping, pauses, latency, the cache and request durations;
  // null means real time. Tests pass a media::ManualClock.
  static media::Result<std::unique_ptr<OriginServer>> create(OriginOptions options,
                                                             std::shared_ptr<media::Clock> clock = nullptr);
  ~OriginServer();

  // Binds the listening sockets (port() and tls_port() are known afterwards).
  media::Status bind();
  int port() const { return port_; }          // plain HTTP; 0 when not served
  int tls_port() const { return tls_port_; }  // HTTPS; 0 when not served
  // Serves until stop(). Blocking.
  void run();
  // Stops accepting and closes idle connections; responses in flight go on
  // for up to `deadline_s`, then are cut. Returns when they are all done.
  void stop(double deadline_s);

  std::vector<std::string> mpds() const;
  const OriginOptions& options() const { return options_; }

  struct Impl;

 private:
  explicit OriginServer(OriginOptions options);
  OriginOptions options_;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  int tls_port_ = 0;
};

}  // namespace origin
