// dash-origin: serves packaged DASH content over HTTP as a production origin
// would, optionally shaping each session's traffic and injecting faults.
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <thread>

#include <CLI/CLI.hpp>

#include "origin/server.h"
#include "origin/units.h"

namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "dash-origin: error: %s\n", message.c_str());
  return 1;
}

// A local npm install of dash.js (e.g. the interop tests' one), so the
// /_player page works without network; empty when there is none.
std::string find_local_dashjs() {
  const std::filesystem::path bases[] = {
      std::filesystem::current_path() / "node_modules",
#ifdef DASHSTREAM_SOURCE_DIR
      std::filesystem::path(DASHSTREAM_SOURCE_DIR) / "tests/interop/node_modules",
#endif
  };
  for (const auto& base : bases)
    for (const char* file : {"dashjs/dist/modern/umd/dash.all.min.js", "dashjs/dist/dash.all.min.js"}) {
      std::error_code ec;
      if (std::filesystem::is_regular_file(base / file, ec)) return (base / file).string();
    }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dash-origin: serve DASH content over HTTP (ranges, ETag, CORS, caching), with traffic shaping"};
  origin::OriginOptions o;
  std::string root, rate, latency;
  uint64_t cache_mb = o.cache_bytes >> 20;
  app.add_option("--root", root, "content directory")->required();
  auto* port = app.add_option("--port", o.port, "plain HTTP port (0 = any free port; with TLS, only when given)")
                   ->capture_default_str()
                   ->check(CLI::Range(0, 65535));
  app.add_option("--tls-cert", o.tls_cert_path, "PEM certificate chain: serve HTTPS too (with --tls-key)");
  app.add_option("--tls-key", o.tls_key_path, "PEM private key of --tls-cert");
  app.add_option("--tls-port", o.tls_port, "HTTPS port (0 = any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  app.add_option("--bind", o.bind, "address to listen on")->capture_default_str();
  app.add_flag("--listing", o.listing, "serve directory listings");
  app.add_option("--access-log", o.access_log, "access log file (default stderr; 'off' for none)");
  app.add_option("--rate", rate, "cap each session's throughput, e.g. 4mbit, 750kbit");
  app.add_option("--trace", o.trace_path,
                 "each session follows this network trace (Pensieve cooked, Sabre JSON, Mahimahi)");
  app.add_option("--latency", latency, "delay before each response, e.g. 40ms");
  app.add_option("--fail-rate", o.faults.fail_rate, "share of segment requests answered 503")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--drop-rate", o.faults.drop_rate, "share of segment responses cut mid-body")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--stall-rate", o.faults.stall_rate, "share of segment responses that pause mid-body")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--stall-seconds", o.faults.stall_s, "length of an injected pause")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 600.0));
  app.add_option("--seed", o.faults.seed, "seed of the fault injection")->capture_default_str();
  app.add_option("--faults-after", o.faults.after_s, "faults start this many seconds after startup")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  app.add_flag("--steering", o.steering, "answer content steering requests at /_steering (needs --pathway)");
  std::vector<std::string> pathways;
  app.add_option("--pathway", pathways, "NAME=URL of a pathway for --steering (repeatable; its /metrics is probed)");
  app.add_option("--steering-policy", o.steering_policy_path, "JSON steering policy (default: rank by live health)");
  app.add_option("--cache-mb", cache_mb, "hot-file cache size in MiB (0 = none)")->capture_default_str();
  app.add_option("--max-threads", o.max_threads, "requests answered at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app.add_option("--max-connections", o.max_connections, "open connections; more are closed at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  app.add_option("--keep-alive", o.keep_alive_s, "seconds an idle keep-alive connection stays open")
      ->capture_default_str()
      ->check(CLI::Range(0, 3600));
  app.add_option("--keep-alive-requests", o.keep_alive_max_requests, "requests per connection")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  app.add_option("--read-timeout", o.read_timeout_s,
                 "seconds a client has to send a whole request (slow or stalled clients are cut)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  app.add_option("--write-timeout", o.write_timeout_s, "seconds a client may take to accept more bytes")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  app.add_option("--shutdown-deadline", o.shutdown_deadline_s,
                 "seconds responses in flight may go on after SIGINT/SIGTERM")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--live-wait", o.live_wait_s,
                 "seconds a request for a live segment about to be written waits for it (0 = 404 at once)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 60.0));
  app.add_option("--dashjs", o.dashjs_path,
                 "dash.all.min.js for the /_player page (default: a local npm install if found, else the CDN)");
  CLI11_PARSE(app, argc, argv);
  o.root = root;
  o.plain_http = o.tls_cert_path.empty() || port->count() > 0;
  for (const auto& text : pathways) {
    auto p = media::parse_pathway(text);
    if (!p.ok()) return fail(p.error().message);
    o.pathways.push_back(std::move(*p));
  }
  o.cache_bytes = cache_mb << 20;
  if (!rate.empty()) {
    auto r = origin::parse_rate_bps(rate);
    if (!r || *r <= 0) return fail("--rate '" + rate + "' is not a rate (e.g. 4mbit, 750kbit)");
    o.rate_bps = *r;
  }
  if (!latency.empty()) {
    auto l = origin::parse_duration_ms(latency);
    if (!l) return fail("--latency '" + latency + "' is not a duration (e.g. 40ms)");
    o.latency_ms = *l;
  }
  if (o.dashjs_path.empty()) o.dashjs_path = find_local_dashjs();

  // Signals are taken by one thread with sigwait; every other thread blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto server = origin::OriginServer::create(o);
  if (!server.ok()) return fail(server.error().message);
  if (auto st = (*server)->bind(); !st.ok()) return fail(st.error().message);
  const std::string host = o.bind == "0.0.0.0" ? "127.0.0.1" : o.bind == "::" ? "[::1]" : o.bind;
  std::vector<std::string> bases;
  if ((*server)->port() > 0) bases.push_back("http://" + host + ":" + std::to_string((*server)->port()) + "/");
  if ((*server)->tls_port() > 0) bases.push_back("https://" + host + ":" + std::to_string((*server)->tls_port()) + "/");
  for (const auto& base : bases) std::printf("dash-origin: serving %s at %s\n", root.c_str(), base.c_str());
  for (const auto& mpd : (*server)->mpds()) std::printf("  %s%s\n", bases.front().c_str(), mpd.substr(1).c_str());
  std::fflush(stdout);

  std::thread serving([&] { (*server)->run(); });
  int sig = 0;
  sigwait(&signals, &sig);
  std::fprintf(stderr, "dash-origin: %s: finishing in-flight responses (up to %.1f s)\n",
               sig == SIGINT ? "SIGINT" : "SIGTERM", o.shutdown_deadline_s);
  // stop() cuts what is still in flight at the deadline and returns; a client
  // that stops reading is bounded by the write timeout. Past both, leave.
  auto stopped = std::async(std::launch::async, [&] { (*server)->stop(o.shutdown_deadline_s); });
  const double backstop_s = o.shutdown_deadline_s + o.write_timeout_s + 1;
  if (stopped.wait_for(std::chrono::duration<double>(backstop_s)) != std::future_status::ready) {
    std::fprintf(stderr, "dash-origin: shutdown took over %.0f s; exiting\n", backstop_s);
    std::fflush(stderr);
    std::_Exit(1);
  }
  serving.join();
  return 0;
}
