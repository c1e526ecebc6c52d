#include "origin/server.h"

#include <fcntl.h>
#include <httplib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>
#include <optional>

#include "media/file_io.h"
#include "media/net_trace.h"
#include "media/text.h"
#include "origin/access_log.h"
#include "origin/byte_range.h"
#include "origin/cmcd.h"
#include "origin/cmcd_metrics.h"
#include "origin/conditional.h"
#include "origin/connection_stream.h"
#include "origin/content_policy.h"
#include "origin/file_cache.h"
#include "origin/growing_file.h"
#include "origin/http_date.h"
#include "origin/live_manifest_policy.h"
#include "origin/metrics.h"
#include "origin/path_resolver.h"
#include "origin/presentation_index.h"
#include "origin/reactor_server.h"
#include "origin/shaper.h"
#include "origin/utc_time.h"
#include "origin/steering_service.h"
#include "origin/tls_context.h"

namespace origin {
namespace {

constexpr size_t kUnshapedChunkBytes = 1 << 20;
constexpr size_t kInlineBodyBytes = 64 * 1024;   // bodies up to this are copied into the response
constexpr size_t kMaxSessionIdBytes = 128;
constexpr size_t kMaxRequestHeadBytes = 64 * 1024;  // request line and headers (httplib caps each line at 8 KiB)
constexpr uint64_t kMaxDashjsBytes = 16u << 20;
constexpr uint64_t kMaxPolicyBytes = 1u << 20;
constexpr const char* kSessionHeader = "X-Session-Id";
constexpr const char* kExposedHeaders = "Content-Length, Content-Range, ETag, Last-Modified, Accept-Ranges, Date";
constexpr const char* kDashjsCdn = "https://cdn.dashjs.org/latest/modern/umd/dash.all.min.js";
constexpr const char* kDashjsLocalPath = "/_dashjs/dash.all.min.js";
constexpr size_t kManifestHeadBytes = 4096;  // where a manifest says whether it is live
constexpr double kLivePollS = 0.005;        // how often a growing or awaited segment is looked at
constexpr double kGrowingStallS = 6;        // a .part that stops growing this long was abandoned
constexpr double kRecentSegmentS = 60;      // a predecessor older than this is not live (VOD past its end)
constexpr size_t kGrowingReadBytes = 64 * 1024;
constexpr const char* kSteeringPath = "/_steering";
constexpr double kStopCheckS = 0.05;  // a sleeping writer notices stop() within this

// The Date header changes once a second; format it once per second per thread.
const std::string& cached_date() {
  thread_local std::time_t formatted_at = 0;
  thread_local std::string value;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    formatted_at = now;
    value = format_http_date(now);
  }
  return value;
}

// What the logger needs about the request this thread is answering.
struct RequestContext {
  const httplib::Request* request = nullptr;
  double start_s = 0;
  uint64_t body_bytes = 0;  // counted by the content provider (same thread)
};
thread_local RequestContext t_context;

// The session a request belongs to: a client-chosen id, else its connection.
std::string session_key(const httplib::Request& req) {
  std::string id = req.get_header_value(kSessionHeader);
  if (id.empty()) id = req.get_param_value("session");
  if (!id.empty()) return "id:" + id.substr(0, kMaxSessionIdBytes);
  return "conn:" + req.remote_addr + ":" + std::to_string(req.remote_port);
}

// Closes a file when the last response using it is done.
struct FileDescriptor {
  explicit FileDescriptor(int f) : fd(f) {}
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int fd;
};

// The bytes of a file response: the cached copy or the open file, and the
// span [first, first + length) to send.
struct FileBody {
  std::shared_ptr<const CachedFile> file;  // data when in_memory, else metadata only
  std::shared_ptr<FileDescriptor> fd;      // open when not in_memory
  bool in_memory = false;
  uint64_t first = 0;
  uint64_t length = 0;
};

// A body written chunk by chunk (shaped, faulted or from disk), with what
// the writer carries from one chunk to the next.
struct PacedBody {
  FileBody body;
  std::shared_ptr<Shaper::Link> link;  // null when not shaped
  FaultPlan fault;
  bool stalled = false;     // the injected pause happened
  bool continuing = false;  // a chunk went out since the response started or paused
};

using HandlerResponse = httplib::Server::HandlerResponse;

}  // namespace

struct OriginServer::Impl {
  OriginOptions options;
  std::filesystem::path root;  // canonical
  int root_fd = -1;            // the root, opened: files are opened beneath it
  std::shared_ptr<media::Clock> clock;  // shaping, pauses, the cache, request durations
  std::unique_ptr<TlsContext> tls;      // when serving HTTPS; outlives the server's connections
  ReactorServer server;
  Metrics metrics;
  CmcdMetrics cmcd_metrics;
  FileCache cache;
  std::unique_ptr<Shaper> shaper;
  FaultInjector faults;
  std::unique_ptr<AccessLog> log;
  std::string dashjs;  // local dash.js, when given
  std::unique_ptr<SteeringService> steering;  // with --steering
  double started_s = 0;                       // clock time of create(), for --faults-after
  // Clock time after which responses in flight are cut (set by stop()).
  std::atomic<double> cut_at_s{std::numeric_limits<double>::infinity()};

  Impl(OriginOptions o, std::filesystem::path canonical_root, std::shared_ptr<media::Clock> c,
       std::optional<TracePacer> pacer)
      : options(std::move(o)),
        root(std::move(canonical_root)),
        clock(std::move(c)),
        server(ReactorServer::Options{options.min_threads, options.max_threads, options.keep_alive_s,
                                      options.keep_alive_max_requests, options.read_timeout_s,
                                      options.write_timeout_s, options.max_connections,
                                      kMaxRequestHeadBytes + options.max_body_bytes}),
        cache(options.cache_bytes, options.cache_max_file_bytes, options.cache_revalidate_s, *clock),
        shaper(pacer ? std::make_unique<Shaper>(std::move(*pacer), options.latency_ms, *clock) : nullptr),
        faults(options.faults) {}

  ~Impl() {
    server.shutdown(0);
    if (root_fd >= 0) ::close(root_fd);
  }

  double now_s() const { return clock->now_s(); }
  bool cut() const { return now_s() >= cut_at_s.load(); }

  // Sleeps until clock time `until_s`; false when responses are being cut.
  // Sleeps in short slices, so many writers can sleep on one clock and still
  // see a stop() soon.
  bool sleep_until(double until_s) {
    ConnectionStream::before_blocking();
    while (true) {
      const double now = now_s(), cut_at = cut_at_s.load();
      if (now >= cut_at) return false;
      if (now >= until_s) return true;
      clock->sleep_until(std::min({until_s, cut_at, now + kStopCheckS}));
    }
  }

  void set_common_headers(httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    res.set_header("Access-Control-Expose-Headers", kExposedHeaders);
    res.set_header("Date", cached_date());
    res.set_header("Server", "dash-origin");
  }

  // A short text answer (errors, injected faults). The file's own headers
  // go: httplib's set_header appends, and a 503 must not carry a segment's
  // year-long Cache-Control or its validators.
  void simple(httplib::Response& res, int status, const std::string& text) {
    for (const char* h : {"Cache-Control", "ETag", "Last-Modified", "Accept-Ranges", "Content-Range"})
      res.headers.erase(h);
    res.status = status;
    res.set_content(text + "\n", "text/plain; charset=utf-8");
    res.set_header("Cache-Control", "no-store");
  }

  // httplib reads no body before our handler answers (and none at all for
  // GET/HEAD/OPTIONS), so what a client sends after the headers would be read
  // as the next request: a smuggled one behind a proxy. We take no bodies: a
  // small one is read and dropped, anything else closes the connection after
  // a 413 (too big), 400 (chunked) or 405. False when answered here.
  bool take_request_body(const httplib::Request& req, httplib::Response& res) {
    auto* stream = ConnectionStream::current();
    if (req.has_header("Transfer-Encoding")) {
      if (stream != nullptr) stream->close_after_response();
      simple(res, 400, "bad request: request bodies are not accepted in chunked form");
      res.set_header("Connection", "close");
      return false;
    }
    if (!req.has_header("Content-Length")) return true;
    // Several Content-Length values that differ: which body is it? (RFC 9112 §6.3)
    for (size_t i = 1; i < req.get_header_value_count("Content-Length"); ++i) {
      if (req.get_header_value("Content-Length", i) != req.get_header_value("Content-Length")) {
        if (stream != nullptr) stream->close_after_response();
        simple(res, 400, "bad request: conflicting Content-Length");
        res.set_header("Connection", "close");
        return false;
      }
    }
    const auto length = media::parse_uint64(req.get_header_value("Content-Length"));
    if (!length || *length > options.max_body_bytes) {
      if (stream != nullptr) stream->close_after_response();
      simple(res, length ? 413 : 400, length ? "request body too large" : "bad request: Content-Length");
      res.set_header("Connection", "close");
      return false;
    }
    if (*length == 0) return true;
    const bool reads_body = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
    char buf[4096];
    for (uint64_t left = *length; reads_body && stream != nullptr && left > 0;) {
      const ssize_t n = stream->read(buf, static_cast<size_t>(std::min<uint64_t>(left, sizeof buf)));
      if (n <= 0) break;
      left -= static_cast<uint64_t>(n);
      if (left == 0) return true;
    }
    // A body on another method, or one that did not arrive: answer and close.
    if (stream != nullptr) stream->close_after_response();
    res.set_header("Connection", "close");
    if (reads_body) {
      simple(res, 400, "bad request: incomplete body");
      return false;
    }
    return true;  // the method check answers (405)
  }

  void page(httplib::Response& res, std::string html) {
    res.status = 200;
    res.set_content(std::move(html), "text/html; charset=utf-8");
    res.set_header("Cache-Control", "no-cache");
  }

  HandlerResponse handle(const httplib::Request& request, httplib::Response& res) {
    auto& req = const_cast<httplib::Request&>(request);
    // httplib pre-parses Range and would apply it to every response, 200s
    // included; we decide on ranges ourselves (If-Range, 416, multi-range).
    req.ranges.clear();
    // The compiled httplib gzips text bodies, ranges included, under the same
    // strong ETag and without Vary: a cache would then hand gzip to clients
    // that cannot read it. Files go out as they are on disk.
    req.headers.erase("Accept-Encoding");
    set_common_headers(res);
    if (!take_request_body(req, res)) return HandlerResponse::Handled;
    if (req.method == "OPTIONS") {
      res.status = 204;
      res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
      res.set_header("Access-Control-Allow-Headers",
                     "Range, If-None-Match, If-Modified-Since, If-Range, X-Session-Id, "
                     "CMCD-Object, CMCD-Request, CMCD-Session, CMCD-Status");
      res.set_header("Access-Control-Max-Age", "86400");
      res.set_header("Content-Length", "0");
      return HandlerResponse::Handled;
    }
    if (req.method != "GET" && req.method != "HEAD") {
      res.set_header("Allow", "GET, HEAD, OPTIONS");
      simple(res, 405, "method not allowed");
      return HandlerResponse::Handled;
    }
    auto path = clean_request_path(req.target);
    if (!path.ok()) {
      const bool malformed = path.error().code == media::ErrorCode::kInvalidArgument;
      simple(res, malformed ? 400 : 403, malformed ? "bad request: " + path.error().message : "forbidden");
      return HandlerResponse::Handled;
    }
    if (*path == "/" || *path == "/index.html") {
      // The content's own index page wins over ours.
      if (::faccessat(root_fd, "index.html", R_OK, 0) == 0) {
        serve_file(req, res, "/index.html");
      } else {
        page(res, render_index_page(find_mpds(root)));
      }
      return HandlerResponse::Handled;
    }
    if (*path == "/metrics") {
      res.status = 200;
      std::string extra;
      if (shaper)
        extra = "# TYPE dash_origin_shaped_sessions gauge\ndash_origin_shaped_sessions " +
                std::to_string(shaper->sessions()) + "\n";
      extra += "# TYPE dash_origin_cache_bytes gauge\ndash_origin_cache_bytes " +
               std::to_string(cache.cached_bytes()) + "\n# TYPE dash_origin_threads gauge\ndash_origin_threads " +
               std::to_string(server.threads()) + "\n";
      extra += cmcd_metrics.render();
      if (steering) extra += steering->render_metrics();
      res.set_content(metrics.render(server.open_connections(), extra), "text/plain; version=0.0.4");
      res.set_header("Cache-Control", "no-store");
      return HandlerResponse::Handled;
    }
    if (*path == kTimePath) {
      res.status = 200;
      res.set_content(utc_time_text(), "text/plain; charset=utf-8");
      res.set_header("Cache-Control", "no-store");
      return HandlerResponse::Handled;
    }
    if (*path == kSteeringPath && steering) {
      const auto answer = steering->answer(*path, req.params);
      res.status = answer.status;
      res.set_content(answer.body, answer.status == 200 ? "application/json" : "text/plain; charset=utf-8");
      res.set_header("Cache-Control", "no-store");
      return HandlerResponse::Handled;
    }
    if (*path == "/_player") {
      page(res, render_player_page(req.get_param_value("mpd"), dashjs.empty() ? kDashjsCdn : kDashjsLocalPath));
      return HandlerResponse::Handled;
    }
    if (*path == kDashjsLocalPath && !dashjs.empty()) {
      res.status = 200;
      res.set_content(dashjs, "text/javascript; charset=utf-8");
      res.set_header("Cache-Control", "public, max-age=3600");
      return HandlerResponse::Handled;
    }
    serve_file(req, res, *path);
    return HandlerResponse::Handled;
  }

  void serve_directory(const httplib::Request& req, httplib::Response& res, const std::string& path) {
    if (!options.listing) {
      simple(res, 404, "not found");
      return;
    }
    if (path.back() != '/') {
      res.status = 301;
      res.set_header("Location", req.target.substr(0, req.target.find('?')) + "/");
      return;
    }
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(root / std::filesystem::path(path).relative_path(), ec)) {
      std::string n = e.path().filename().string();
      if (!n.empty() && n.front() != '.') names.push_back(n + (e.is_directory() ? "/" : ""));
    }
    std::sort(names.begin(), names.end());
    std::string html = "<!doctype html><html><body><h1>" + media::html_escape(path) + "</h1><ul>";
    for (const auto& n : names) {
      const std::string escaped = media::html_escape(n);
      html += "<li><a href=\"" + escaped + "\">" + escaped + "</a></li>";
    }
    page(res, html + "</ul></body></html>\n");
  }

  // Opens and stats `path` under the root and caches it when small enough;
  // null (with the response set) when it is not a regular file to serve.
  // Files too big for the cache come back as metadata (no data) with `fd` open.
  std::shared_ptr<const CachedFile> open_file(const httplib::Request& req, httplib::Response& res,
                                              const std::string& path, std::shared_ptr<FileDescriptor>& fd) {
    auto opened = open_under_root(root_fd, root, path);
    if (!opened.ok()) {
      cache.erase(path);
      if (!serve_missing_segment(req, res, path)) simple(res, 404, "not found");
      return nullptr;
    }
    fd = std::make_shared<FileDescriptor>(*opened);
    struct stat st {};
    if (::fstat(fd->fd, &st) != 0) {
      simple(res, 404, "not found");
      return nullptr;
    }
    if (!S_ISREG(st.st_mode)) {
      cache.erase(path);
      if (S_ISDIR(st.st_mode)) serve_directory(req, res, path);
      else simple(res, 403, "forbidden");
      return nullptr;
    }
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    const int64_t mtime_ns = int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
    const Validators v = make_validators(size, mtime_ns);
    std::string last_modified = format_http_date(v.last_modified);
    if (auto cached = cache.load(path, fd->fd, size, mtime_ns, v.etag, last_modified)) return cached;
    auto meta = std::make_shared<CachedFile>();
    meta->size_bytes = size;
    meta->mtime_ns = mtime_ns;
    meta->etag = v.etag;
    meta->last_modified = std::move(last_modified);
    return meta;
  }

  // Live (see origin/growing_file.h): a segment still being written streams
  // with chunked transfer as it grows; one about to be written (its
  // predecessor is there) is waited for. False: the caller answers 404.
  bool serve_missing_segment(const httplib::Request& req, httplib::Response& res, const std::string& path) {
    if (policy_for(path).kind != ContentKind::kSegment) return false;
    if (!exists_under_root(root_fd, path + kGrowingSuffix) && !wait_for_segment(path)) return false;
    if (exists_under_root(root_fd, path)) {  // complete meanwhile
      serve_file(req, res, path);
      return true;
    }
    auto growing = GrowingFile::open(root_fd, root, path);
    if (!growing.ok()) return false;
    stream_growing(req, res, path, std::shared_ptr<GrowingFile>(std::move(*growing)));
    return true;
  }

  bool wait_for_segment(const std::string& path) {
    const auto previous = previous_segment_path(path);
    if (options.live_wait_s <= 0 || !previous) return false;
    const auto previous_age_s = file_age_s(root_fd, *previous);
    const bool live = exists_under_root(root_fd, *previous + kGrowingSuffix) ||
                      (previous_age_s && *previous_age_s < kRecentSegmentS);
    if (!live) return false;
    const double until_s = now_s() + options.live_wait_s;
    for (;;) {
      if (exists_under_root(root_fd, path) || exists_under_root(root_fd, path + kGrowingSuffix)) return true;
      if (now_s() >= until_s || !sleep_until(std::min(until_s, now_s() + kLivePollS))) return false;
    }
  }

  void stream_growing(const httplib::Request& req, httplib::Response& res, const std::string& path,
                      std::shared_ptr<GrowingFile> file) {
    const ContentPolicy policy = policy_for(path);
    res.status = 200;
    // Once the body ends it is the complete segment: as cacheable as one.
    res.set_header("Cache-Control", policy.cache_control);
    res.set_header("X-Accel-Buffering", "no");  // nginx: pass a growing body straight through
    std::shared_ptr<Shaper::Link> link = shaper ? shaper->link_for(session_key(req)) : nullptr;
    res.set_chunked_content_provider(
        policy.content_type, [this, file, link, last_growth_s = now_s()](size_t offset, httplib::DataSink& sink) mutable {
          thread_local std::vector<char> buffer(kGrowingReadBytes);
          const size_t most = link ? std::min(shaper->chunk_bytes(*link), buffer.size()) : buffer.size();
          for (;;) {
            if (cut()) return false;
            size_t n = 0;
            switch (file->read(offset, buffer.data(), most, n)) {
              case GrowingFile::State::kData:
                last_growth_s = now_s();
                if (link && !sleep_until(shaper->reserve(*link, static_cast<double>(n)))) return false;
                if (!sink.write(buffer.data(), n)) return false;
                t_context.body_bytes += n;
                return true;
              case GrowingFile::State::kComplete:
                sink.done();
                return true;
              case GrowingFile::State::kGone:
                return false;  // cut: the client must not take a partial segment for a whole one
              case GrowingFile::State::kWait:
                if (now_s() - last_growth_s > kGrowingStallS || !sleep_until(now_s() + kLivePollS)) return false;
            }
          }
        });
  }

  void serve_file(const httplib::Request& req, httplib::Response& res, const std::string& path) {
    ContentPolicy policy = policy_for(path);
    // A fresh cache entry needs no system call; otherwise open and stat. A
    // manifest is always checked: a live one changes with every segment.
    FileBody body;
    body.file = policy.kind == ContentKind::kManifest ? nullptr : cache.fresh(path);
    if (!body.file && !(body.file = open_file(req, res, path, body.fd))) return;
    body.in_memory = body.file->data.size() == body.file->size_bytes;
    if (!body.in_memory && !body.fd) {  // only open_file makes metadata-only entries; be safe anyway
      simple(res, 500, "internal error");
      return;
    }
    if (policy.kind == ContentKind::kManifest) {
      std::string head(body.file->data, 0, kManifestHeadBytes);
      if (!body.in_memory) {
        head.resize(static_cast<size_t>(std::min<uint64_t>(body.file->size_bytes, kManifestHeadBytes)));
        const ssize_t n = ::pread(body.fd->fd, head.data(), head.size(), 0);
        head.resize(n > 0 ? static_cast<size_t>(n) : 0);
      }
      if (auto live = dynamic_manifest_cache_control(head)) policy.cache_control = *live;
    }
    res.set_header("ETag", body.file->etag);
    res.set_header("Last-Modified", body.file->last_modified);
    res.set_header("Cache-Control", policy.cache_control);
    res.set_header("Accept-Ranges", "bytes");
    const Validators validators{body.file->etag, static_cast<std::time_t>(body.file->mtime_ns / 1'000'000'000)};
    if (not_modified(validators, req.get_header_value("If-None-Match"),
                     req.get_header_value("If-Modified-Since"))) {
      res.status = 304;
      return;
    }
    const std::string range_header = req.get_header_value("Range");
    if (!choose_span(range_header, validators, req.get_header_value("If-Range"), res, body)) return;

    FaultPlan fault;
    if (policy.kind == ContentKind::kSegment && req.method == "GET" &&
        now_s() - started_s >= faults.options().after_s)
      fault = faults.plan(path, res.status == 206 ? range_header : std::string());
    if (fault.fail) {
      simple(res, 503, "service unavailable (injected fault)");
      res.set_header("Retry-After", "1");
      return;
    }
    std::shared_ptr<Shaper::Link> link = delay_first_byte(req);
    if (body.in_memory && !link && !fault.drop && !fault.stall) {
      write_cached_body(res, body, policy.content_type);
    } else {
      write_paced_body(res, PacedBody{std::move(body), std::move(link), fault}, policy.content_type);
    }
  }

  // Sets the status (200, 206 or 416) and the byte span of `body` to send,
  // from the Range header (ignored when If-Range does not match). False when
  // the response is complete (416).
  bool choose_span(const std::string& range_header, const Validators& validators, const std::string& if_range,
                   httplib::Response& res, FileBody& body) {
    const uint64_t size = body.file->size_bytes;
    RangeDecision range;
    if (!range_header.empty() && if_range_allows(validators, if_range)) range = decide_range(range_header, size);
    body.first = 0;
    body.length = size;
    switch (range.outcome) {
      case RangeOutcome::kUnsatisfiable:
        res.headers.erase("Cache-Control");
        res.set_header("Cache-Control", "no-store");
        res.status = 416;
        res.set_header("Content-Range", "bytes */" + std::to_string(size));
        res.set_header("Content-Length", "0");
        return false;
      case RangeOutcome::kPartial:
        body.first = range.range.first;
        body.length = range.range.length();
        res.status = 206;
        res.set_header("Content-Range", "bytes " + std::to_string(body.first) + "-" +
                                            std::to_string(range.range.last) + "/" + std::to_string(size));
        return true;
      case RangeOutcome::kFull:
        res.status = 200;
        return true;
    }
    return true;
  }

  // Waits the request's latency (the session's trace and --latency); returns
  // the session's link when shaping.
  std::shared_ptr<Shaper::Link> delay_first_byte(const httplib::Request& req) {
    if (!shaper) {
      if (options.latency_ms > 0) sleep_until(now_s() + options.latency_ms / 1000);
      return nullptr;
    }
    auto link = shaper->link_for(session_key(req));
    if (double delay_ms = shaper->request_latency_ms(*link); delay_ms > 0) sleep_until(now_s() + delay_ms / 1000);
    return link;
  }

  // A cached body, neither shaped nor faulted: small ones are copied into the
  // response; larger ones go out in one write, which the connection may
  // finish later without a thread (the cache entry keeps the bytes).
  static void write_cached_body(httplib::Response& res, const FileBody& body, const std::string& content_type) {
    const char* bytes = body.file->data.data() + body.first;
    if (body.length <= kInlineBodyBytes) {
      res.set_content(bytes, body.length, content_type.c_str());
      return;
    }
    res.set_content_provider(body.length, content_type.c_str(),
                             [file = body.file, bytes, length = body.length](size_t offset, size_t,
                                                                             httplib::DataSink& sink) {
                               if (auto* stream = ConnectionStream::current()) stream->defer_large_writes(file);
                               if (!sink.write(bytes + offset, length - offset)) return false;
                               t_context.body_bytes += length - offset;
                               return true;
                             });
  }

  // A body sent chunk by chunk: paced by the session's link, from disk when
  // not cached, cut or paused where a fault says.
  void write_paced_body(httplib::Response& res, PacedBody paced, const std::string& content_type) {
    if (paced.body.length == 0) {
      res.set_content("", 0, content_type.c_str());
      return;
    }
    const uint64_t length = paced.body.length;
    res.set_content_provider(length, content_type.c_str(),
                             [this, paced = std::move(paced)](size_t offset, size_t, httplib::DataSink& sink) mutable {
                               return write_paced_chunk(paced, offset, sink);
                             });
  }

  // Writes the chunk at `offset`; false ends the response (stopping, an
  // injected drop, or the client is gone).
  bool write_paced_chunk(PacedBody& paced, size_t offset, httplib::DataSink& sink) {
    if (cut()) return false;
    const FaultPlan& fault = paced.fault;
    // Faults happen at a byte offset; chunks end there so they happen exactly.
    const size_t fault_offset = static_cast<size_t>(fault.at_fraction * static_cast<double>(paced.body.length));
    if (fault.drop && offset >= fault_offset) return false;  // cut the connection mid-body
    if (fault.stall && !paced.stalled && offset >= fault_offset) {
      paced.stalled = true;
      paced.continuing = false;  // the pause is idle link time, not a late writer
      if (!sleep_until(now_s() + faults.options().stall_s)) return false;
    }
    size_t chunk = std::min<size_t>(paced.link ? shaper->chunk_bytes(*paced.link) : kUnshapedChunkBytes,
                                    paced.body.length - offset);
    if ((fault.drop || (fault.stall && !paced.stalled)) && offset < fault_offset)
      chunk = std::min(chunk, fault_offset - offset);
    if (paced.link && !sleep_until(shaper->reserve(*paced.link, static_cast<double>(chunk), paced.continuing)))
      return false;
    if (!copy_chunk(paced.body, offset, chunk, sink)) return false;
    paced.continuing = true;
    t_context.body_bytes += chunk;
    return true;
  }

  // Writes `chunk` bytes of the body from `offset`, from memory or disk.
  static bool copy_chunk(const FileBody& body, size_t offset, size_t chunk, httplib::DataSink& sink) {
    if (body.in_memory) return sink.write(body.file->data.data() + body.first + offset, chunk);
    thread_local std::vector<char> buffer;
    buffer.resize(chunk);
    const ssize_t n = ::pread(body.fd->fd, buffer.data(), chunk, static_cast<off_t>(body.first + offset));
    return n == static_cast<ssize_t>(chunk) && sink.write(buffer.data(), chunk);
  }

  void log_request(const httplib::Request& req, const httplib::Response& res) {
    double duration_s = 0;
    uint64_t bytes = res.body.size();
    if (t_context.request == &req) {
      duration_s = now_s() - t_context.start_s;
      if (res.content_provider_) bytes = t_context.body_bytes;
    }
    if (req.method == "HEAD") bytes = 0;
    std::string cmcd = observe_cmcd(req);
    auto* stream = ConnectionStream::current();
    if (stream != nullptr && stream->has_pending()) {
      // The body is still going out: log when it is done (or cut).
      stream->on_pending_done([this, start_s = t_context.start_s, client = req.remote_addr, method = req.method,
                               target = req.target, range = req.get_header_value("Range"), status = res.status,
                               bytes, cmcd = std::move(cmcd)](bool) {
        record({client, method, target, range, status, bytes, (now_s() - start_s) * 1000, cmcd});
      });
      return;
    }
    const std::string range = req.get_header_value("Range");
    record({req.remote_addr, req.method, req.target, range, res.status, bytes, duration_s * 1000, cmcd});
  }

  // The request's CMCD (query and headers) into /metrics; returns it for the
  // log: the parsed keys, "invalid", or empty. A bad payload never fails a request.
  std::string observe_cmcd(const httplib::Request& req) {
    const std::string query = req.get_param_value("CMCD"), object = req.get_header_value("CMCD-Object"),
                      request = req.get_header_value("CMCD-Request"), session = req.get_header_value("CMCD-Session"),
                      status = req.get_header_value("CMCD-Status");
    auto cmcd = parse_request_cmcd({query, object, request, session, status});
    if (!cmcd.ok()) {
      cmcd_metrics.invalid();
      return "invalid";
    }
    if (cmcd->empty()) return {};
    cmcd_metrics.observe(*cmcd);
    return format_cmcd(*cmcd);
  }

  void record(const AccessRecord& r) {
    metrics.request_done(r.status, r.bytes, r.duration_ms / 1000);
    if (log) log->write(r);
  }
};

OriginServer::OriginServer(OriginOptions options) : options_(std::move(options)) {}
OriginServer::~OriginServer() = default;

media::Result<std::unique_ptr<OriginServer>> OriginServer::create(OriginOptions options,
                                                                  std::shared_ptr<media::Clock> clock) {
  std::error_code ec;
  auto root = std::filesystem::canonical(options.root, ec);
  if (ec || !std::filesystem::is_directory(root))
    return media::make_error(media::ErrorCode::kNotFound,
                             "content root '" + options.root.string() + "' is not a readable directory");
  std::optional<TracePacer> pacer;
  if (!options.trace_path.empty()) {
    auto trace = media::read_trace_file(options.trace_path);
    if (!trace.ok()) return trace.error();
    pacer = TracePacer(trace->periods);
  } else if (options.rate_bps) {
    if (*options.rate_bps <= 0) return media::make_error(media::ErrorCode::kInvalidArgument, "--rate must be positive");
    pacer = TracePacer::constant(*options.rate_bps);
  }
  for (double r : {options.faults.fail_rate, options.faults.drop_rate, options.faults.stall_rate})
    if (!(r >= 0 && r <= 1))
      return media::make_error(media::ErrorCode::kInvalidArgument, "fault rates must be within [0, 1]");
  if (options.faults.fail_rate + options.faults.drop_rate + options.faults.stall_rate > 1)
    return media::make_error(media::ErrorCode::kInvalidArgument, "fault rates add up to more than 1");
  const bool tls = !options.tls_cert_path.empty() || !options.tls_key_path.empty();
  if (tls && (options.tls_cert_path.empty() || options.tls_key_path.empty()))
    return media::make_error(media::ErrorCode::kInvalidArgument, "--tls-cert and --tls-key go together");
  if (!tls && !options.plain_http)
    return media::make_error(media::ErrorCode::kInvalidArgument, "nothing to serve: no HTTP and no HTTPS port");
  std::unique_ptr<TlsContext> tls_context;
  if (tls) {
    auto made = TlsContext::create(options.tls_cert_path, options.tls_key_path);
    if (!made.ok()) return made.error();
    tls_context = std::move(*made);
  }
  auto log = AccessLog::open(options.access_log);
  if (!log.ok()) return log.error();
  std::string dashjs;
  if (!options.dashjs_path.empty()) {
    auto js = media::read_file(options.dashjs_path, kMaxDashjsBytes);
    if (!js.ok()) return js.error();
    dashjs = std::move(*js);
  }

  if (!clock) clock = std::make_shared<media::SteadyClock>();
  std::unique_ptr<SteeringService> steering;
  if (options.steering) {
    SteeringPolicy policy;
    if (!options.steering_policy_path.empty()) {
      auto text = media::read_file(options.steering_policy_path, kMaxPolicyBytes);
      if (!text.ok()) return text.error();
      auto parsed = parse_steering_policy(*text);
      if (!parsed.ok()) return parsed.error().with_context("'" + options.steering_policy_path + "'");
      policy = std::move(*parsed);
    }
    auto made = SteeringService::create(options.pathways, std::move(policy), clock);
    if (!made.ok()) return made.error();
    steering = std::move(*made);
  } else if (!options.pathways.empty() || !options.steering_policy_path.empty()) {
    return media::make_error(media::ErrorCode::kInvalidArgument, "--pathway and --steering-policy need --steering");
  }

  std::unique_ptr<OriginServer> s(new OriginServer(options));
  s->impl_ = std::make_unique<Impl>(options, root, clock, std::move(pacer));
  s->impl_->steering = std::move(steering);
  s->impl_->started_s = clock->now_s();
  Impl& impl = *s->impl_;
  impl.log = std::move(*log);
  impl.tls = std::move(tls_context);
  impl.dashjs = std::move(dashjs);
  impl.root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (impl.root_fd < 0)
    return media::make_error(media::ErrorCode::kIo, "open content root '" + root.string() + "': " + std::strerror(errno));

  httplib::Server& svr = impl.server;
  // Keep-alive is the reactor's; these only set the Keep-Alive response header.
  svr.set_keep_alive_timeout(options.keep_alive_s);
  svr.set_keep_alive_max_count(options.keep_alive_max_requests);
  svr.set_read_timeout(options.read_timeout_s, 0);
  svr.set_write_timeout(options.write_timeout_s, 0);
  svr.set_payload_max_length(options.max_body_bytes);
  svr.set_tcp_nodelay(true);
  svr.set_pre_routing_handler([&impl](const httplib::Request& req, httplib::Response& res) {
    t_context = {&req, impl.now_s(), 0};
    return impl.handle(req, res);
  });
  svr.set_logger([&impl](const httplib::Request& req, const httplib::Response& res) { impl.log_request(req, res); });
  svr.set_exception_handler([&impl](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    impl.simple(res, 500, "internal error");
    std::fprintf(stderr, "dash-origin: error: %s %s: %s\n", req.method.c_str(), req.target.c_str(), what.c_str());
  });
  // Errors httplib answers itself (400, 413, 414, 416 for unparsable ranges) still get CORS headers.
  svr.set_error_handler(httplib::Server::HandlerWithResponse([&impl](const httplib::Request&, httplib::Response& res) {
    // httplib's set_header appends: add ours only where our handler did not.
    if (!res.has_header("Access-Control-Allow-Origin")) impl.set_common_headers(res);
    return HandlerResponse::Unhandled;
  }));
  return s;
}

media::Status OriginServer::bind() {
  size_t listener = 0;
  if (options_.plain_http) {
    DS_RETURN_IF_ERROR(impl_->server.listen_on(options_.bind, options_.port));
    port_ = impl_->server.port(listener++);
  }
  if (impl_->tls) {
    DS_RETURN_IF_ERROR(impl_->server.listen_on(options_.bind, options_.tls_port, impl_->tls.get()));
    tls_port_ = impl_->server.port(listener);
  }
  return {};
}

void OriginServer::run() {
  if (impl_->steering) impl_->steering->start();
  impl_->server.run();
}

void OriginServer::stop(double deadline_s) {
  impl_->cut_at_s.store(impl_->now_s() + std::max(0.0, deadline_s));
  if (impl_->steering) impl_->steering->stop();
  impl_->server.shutdown(deadline_s);
}

std::vector<std::string> OriginServer::mpds() const { return find_mpds(impl_->root); }

}  // namespace origin
