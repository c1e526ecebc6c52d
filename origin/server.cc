#include "origin/server.h"

#include <fcntl.h>
#include <httplib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <limits>
#include <mutex>

#include "media/file_io.h"
#include "media/net_trace.h"
#include "media/text.h"
#include "origin/access_log.h"
#include "origin/byte_range.h"
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

namespace origin {
namespace {

constexpr size_t kUnshapedChunkBytes = 1 << 20;
constexpr size_t kShapedChunkBytes = 16 * 1024;  // small, so sessions sharing a link interleave finely
constexpr size_t kInlineBodyBytes = 64 * 1024;   // bodies up to this are copied into the response
constexpr size_t kMaxSessionIdBytes = 128;
constexpr size_t kMaxRequestHeadBytes = 64 * 1024;  // request line and headers (httplib caps each line at 8 KiB)
constexpr uint64_t kMaxDashjsBytes = 16u << 20;
constexpr const char* kSessionHeader = "X-Session-Id";
constexpr const char* kExposedHeaders = "Content-Length, Content-Range, ETag, Last-Modified, Accept-Ranges, Date";
constexpr const char* kDashjsCdn = "https://cdn.dashjs.org/latest/modern/umd/dash.all.min.js";
constexpr const char* kDashjsLocalPath = "/_dashjs/dash.all.min.js";
constexpr size_t kManifestHeadBytes = 4096;  // where a manifest says whether it is live
constexpr double kLivePollS = 0.005;        // how often a growing or awaited segment is looked at
constexpr double kGrowingStallS = 6;        // a .part that stops growing this long was abandoned
constexpr double kRecentSegmentS = 60;      // a predecessor older than this is not live (VOD past its end)
constexpr size_t kGrowingReadBytes = 64 * 1024;

double now_s() { return Shaper::steady_seconds(); }

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

using HandlerResponse = httplib::Server::HandlerResponse;

}  // namespace

struct OriginServer::Impl {
  OriginOptions options;
  std::filesystem::path root;  // canonical
  int root_fd = -1;            // the root, opened: files are opened beneath it
  ReactorServer server;
  Metrics metrics;
  FileCache cache;
  std::unique_ptr<Shaper> shaper;
  FaultInjector faults;
  std::unique_ptr<AccessLog> log;
  std::string dashjs;  // local dash.js, when given
  // Clock time after which responses in flight are cut (set by stop()).
  std::atomic<double> cut_at_s{std::numeric_limits<double>::infinity()};
  std::mutex sleep_mutex;            // pairs with sleep_cv
  std::condition_variable sleep_cv;  // wakes shaped/stalled writers when cut_at_s changes

  Impl(OriginOptions o, std::filesystem::path canonical_root, std::unique_ptr<Shaper> s)
      : options(std::move(o)),
        root(std::move(canonical_root)),
        server(ReactorServer::Options{options.min_threads, options.max_threads, options.keep_alive_s,
                                      options.keep_alive_max_requests, options.read_timeout_s,
                                      options.write_timeout_s, options.max_connections,
                                      kMaxRequestHeadBytes + options.max_body_bytes}),
        cache(options.cache_bytes, options.cache_max_file_bytes, options.cache_revalidate_s, now_s),
        shaper(std::move(s)),
        faults(options.faults) {}

  ~Impl() {
    server.shutdown(0);
    if (root_fd >= 0) ::close(root_fd);
  }

  bool cut() const { return now_s() >= cut_at_s.load(); }

  // Sleeps until clock time `until_s`; false when responses are being cut.
  bool sleep_until(double until_s) {
    ConnectionStream::before_blocking();
    std::unique_lock lock(sleep_mutex);
    while (true) {
      const double now = now_s(), cut_at = cut_at_s.load();
      if (now >= cut_at) return false;
      if (now >= until_s) return true;
      sleep_cv.wait_for(lock, std::chrono::duration<double>(std::min(until_s, cut_at) - now));
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
                     "Range, If-None-Match, If-Modified-Since, If-Range, X-Session-Id");
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
    std::string html = "<!doctype html><html><body><h1>" + html_escape(path) + "</h1><ul>";
    for (const auto& n : names) html += "<li><a href=\"" + html_escape(n) + "\">" + html_escape(n) + "</a></li>";
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
          const size_t most = link ? kShapedChunkBytes : buffer.size();
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
    std::shared_ptr<FileDescriptor> fd;
    std::shared_ptr<const CachedFile> file = policy.kind == ContentKind::kManifest ? nullptr : cache.fresh(path);
    if (!file && !(file = open_file(req, res, path, fd))) return;
    const bool in_memory = file->data.size() == file->size_bytes;
    if (!in_memory && !fd) {  // only open_file makes metadata-only entries; be safe anyway
      simple(res, 500, "internal error");
      return;
    }
    const Validators validators{file->etag, static_cast<std::time_t>(file->mtime_ns / 1'000'000'000)};

    const uint64_t size = file->size_bytes;
    if (policy.kind == ContentKind::kManifest) {
      std::string head(file->data, 0, kManifestHeadBytes);
      if (!in_memory) {
        head.resize(static_cast<size_t>(std::min<uint64_t>(size, kManifestHeadBytes)));
        const ssize_t n = ::pread(fd->fd, head.data(), head.size(), 0);
        head.resize(n > 0 ? static_cast<size_t>(n) : 0);
      }
      if (auto live = dynamic_manifest_cache_control(head)) policy.cache_control = *live;
    }
    res.set_header("ETag", file->etag);
    res.set_header("Last-Modified", file->last_modified);
    res.set_header("Cache-Control", policy.cache_control);
    res.set_header("Accept-Ranges", "bytes");

    if (not_modified(validators, req.get_header_value("If-None-Match"),
                     req.get_header_value("If-Modified-Since"))) {
      res.status = 304;
      return;
    }

    RangeDecision range;
    const std::string range_header = req.get_header_value("Range");
    if (!range_header.empty() && if_range_allows(validators, req.get_header_value("If-Range")))
      range = decide_range(range_header, size);
    if (range.outcome == RangeOutcome::kUnsatisfiable) {
      res.headers.erase("Cache-Control");
      res.set_header("Cache-Control", "no-store");
      res.status = 416;
      res.set_header("Content-Range", "bytes */" + std::to_string(size));
      res.set_header("Content-Length", "0");
      return;
    }
    uint64_t first = 0, length = size;
    if (range.outcome == RangeOutcome::kPartial) {
      first = range.range.first;
      length = range.range.length();
      res.status = 206;
      res.set_header("Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(range.range.last) +
                                          "/" + std::to_string(size));
    } else {
      res.status = 200;
    }

    FaultPlan fault;
    if (policy.kind == ContentKind::kSegment && req.method == "GET")
      fault = faults.plan(path, range.outcome == RangeOutcome::kPartial ? range_header : std::string());
    if (fault.fail) {
      simple(res, 503, "service unavailable (injected fault)");
      res.set_header("Retry-After", "1");
      return;
    }

    std::shared_ptr<Shaper::Link> link;
    if (shaper) {
      link = shaper->link_for(session_key(req));
      if (double delay_ms = shaper->request_latency_ms(*link); delay_ms > 0) sleep_until(now_s() + delay_ms / 1000);
    } else if (options.latency_ms > 0) {
      sleep_until(now_s() + options.latency_ms / 1000);
    }

    if (length == 0 || (in_memory && !link && !fault.drop && !fault.stall && length <= kInlineBodyBytes)) {
      // Small and plain: one copy into the response, no provider round trips.
      res.set_content(file->data.data() + first, length, policy.content_type.c_str());
      return;
    }
    if (in_memory && !link && !fault.drop && !fault.stall) {
      // Plain and cached: the whole body in one write, which the connection
      // may finish later without a thread (the cache entry keeps the bytes).
      res.set_content_provider(length, policy.content_type.c_str(),
                               [file, first, length](size_t offset, size_t, httplib::DataSink& sink) {
                                 if (auto* stream = ConnectionStream::current()) stream->defer_large_writes(file);
                                 if (!sink.write(file->data.data() + first + offset, length - offset)) return false;
                                 t_context.body_bytes += length - offset;
                                 return true;
                               });
      return;
    }
    res.set_content_provider(
        length, policy.content_type.c_str(),
        [this, file, in_memory, fd, first, length, link, fault, stalled = false](
            size_t offset, size_t, httplib::DataSink& sink) mutable -> bool {
          if (cut()) return false;
          // Faults happen at a byte offset; chunks end there so they happen exactly.
          const size_t fault_offset = static_cast<size_t>(fault.at_fraction * static_cast<double>(length));
          if (fault.drop && offset >= fault_offset) return false;  // cut the connection mid-body
          if (fault.stall && !stalled && offset >= fault_offset) {
            stalled = true;
            if (!sleep_until(now_s() + faults.options().stall_s)) return false;
          }
          size_t chunk = std::min<size_t>(link ? kShapedChunkBytes : kUnshapedChunkBytes, length - offset);
          if ((fault.drop || (fault.stall && !stalled)) && offset < fault_offset)
            chunk = std::min(chunk, fault_offset - offset);
          if (link && !sleep_until(shaper->reserve(*link, static_cast<double>(chunk)))) return false;
          bool ok = false;
          if (in_memory) {
            ok = sink.write(file->data.data() + first + offset, chunk);
          } else {
            thread_local std::vector<char> buffer;
            buffer.resize(chunk);
            const ssize_t n = ::pread(fd->fd, buffer.data(), chunk, static_cast<off_t>(first + offset));
            ok = n == static_cast<ssize_t>(chunk) && sink.write(buffer.data(), chunk);
          }
          if (ok) t_context.body_bytes += chunk;
          return ok;
        });
  }

  void log_request(const httplib::Request& req, const httplib::Response& res) {
    double duration_s = 0;
    uint64_t bytes = res.body.size();
    if (t_context.request == &req) {
      duration_s = now_s() - t_context.start_s;
      if (res.content_provider_) bytes = t_context.body_bytes;
    }
    if (req.method == "HEAD") bytes = 0;
    auto* stream = ConnectionStream::current();
    if (stream != nullptr && stream->has_pending()) {
      // The body is still going out: log when it is done (or cut).
      stream->on_pending_done([this, start_s = t_context.start_s, client = req.remote_addr, method = req.method,
                               target = req.target, range = req.get_header_value("Range"), status = res.status,
                               bytes](bool) {
        record(client, method, target, range, status, bytes, now_s() - start_s);
      });
      return;
    }
    record(req.remote_addr, req.method, req.target, req.get_header_value("Range"), res.status, bytes, duration_s);
  }

  void record(const std::string& client, const std::string& method, const std::string& target,
              const std::string& range, int status, uint64_t bytes, double duration_s) {
    metrics.request_done(status, bytes, duration_s);
    if (log) log->write({client, method, target, range, status, bytes, duration_s * 1000});
  }
};

OriginServer::OriginServer(OriginOptions options) : options_(std::move(options)) {}
OriginServer::~OriginServer() = default;

media::Result<std::unique_ptr<OriginServer>> OriginServer::create(OriginOptions options) {
  std::error_code ec;
  auto root = std::filesystem::canonical(options.root, ec);
  if (ec || !std::filesystem::is_directory(root))
    return media::make_error(media::ErrorCode::kNotFound,
                             "content root '" + options.root.string() + "' is not a readable directory");
  std::unique_ptr<Shaper> shaper;
  if (!options.trace_path.empty()) {
    auto trace = media::read_trace_file(options.trace_path);
    if (!trace.ok()) return trace.error();
    shaper = std::make_unique<Shaper>(TracePacer(trace->periods), options.latency_ms);
  } else if (options.rate_bps) {
    if (*options.rate_bps <= 0) return media::make_error(media::ErrorCode::kInvalidArgument, "--rate must be positive");
    shaper = std::make_unique<Shaper>(TracePacer::constant(*options.rate_bps), options.latency_ms);
  }
  for (double r : {options.faults.fail_rate, options.faults.drop_rate, options.faults.stall_rate})
    if (!(r >= 0 && r <= 1))
      return media::make_error(media::ErrorCode::kInvalidArgument, "fault rates must be within [0, 1]");
  if (options.faults.fail_rate + options.faults.drop_rate + options.faults.stall_rate > 1)
    return media::make_error(media::ErrorCode::kInvalidArgument, "fault rates add up to more than 1");
  auto log = AccessLog::open(options.access_log);
  if (!log.ok()) return log.error();
  std::string dashjs;
  if (!options.dashjs_path.empty()) {
    auto js = media::read_file(options.dashjs_path, kMaxDashjsBytes);
    if (!js.ok()) return js.error();
    dashjs = std::move(*js);
  }

  std::unique_ptr<OriginServer> s(new OriginServer(options));
  s->impl_ = std::make_unique<Impl>(options, root, std::move(shaper));
  Impl& impl = *s->impl_;
  impl.log = std::move(*log);
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
    t_context = {&req, now_s(), 0};
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
  DS_RETURN_IF_ERROR(impl_->server.listen_on(options_.bind, options_.port));
  port_ = impl_->server.port();
  return {};
}

void OriginServer::run() { impl_->server.run(); }

void OriginServer::stop(double deadline_s) {
  {
    std::scoped_lock lock(impl_->sleep_mutex);
    impl_->cut_at_s.store(now_s() + std::max(0.0, deadline_s));
  }
  impl_->sleep_cv.notify_all();
  impl_->server.shutdown(deadline_s);
}

std::vector<std::string> OriginServer::mpds() const { return find_mpds(impl_->root); }

}  // namespace origin
