#include "origin/server.h"

#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "media/file_io.h"
#include "media/net_trace.h"
#include "origin/byte_range.h"
#include "origin/conditional.h"
#include "origin/content_policy.h"
#include "origin/reactor_server.h"
#include "origin/file_cache.h"
#include "origin/http_date.h"
#include "origin/metrics.h"
#include "origin/path_resolver.h"
#include "origin/presentation_index.h"
#include "origin/shaper.h"

namespace origin {
namespace {

constexpr size_t kUnshapedChunkBytes = 1 << 20;
constexpr size_t kShapedChunkBytes = 16 * 1024;  // small, so sessions sharing a link interleave finely
constexpr size_t kInlineBodyBytes = 64 * 1024;   // bodies up to this go out in one write
constexpr const char* kSessionHeader = "X-Session-Id";
constexpr const char* kExposedHeaders = "Content-Length, Content-Range, ETag, Last-Modified, Accept-Ranges, Date";

double now_s() { return Shaper::steady_seconds(); }

// The Date header changes once a second; format it once per second per thread.
const std::string& cached_date() {
  thread_local std::time_t formatted_at = 0;
  thread_local std::string value;
  std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    formatted_at = now;
    value = format_http_date(now);
  }
  return value;
}

std::string utc_timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(ms));
  return buf;
}

// What the logger needs about the request this thread is answering.
struct RequestContext {
  const httplib::Request* request = nullptr;
  double start_s = 0;
  std::atomic<uint64_t>* body_bytes = nullptr;  // counted by the content provider
};
thread_local RequestContext t_context;

// The session a request belongs to: a client-chosen id, else its connection.
std::string session_key(const httplib::Request& req) {
  if (req.has_header(kSessionHeader)) return "id:" + req.get_header_value(kSessionHeader);
  if (req.has_param("session")) return "id:" + req.get_param_value("session");
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
  std::FILE* log = nullptr;
  bool owns_log = false;
  std::mutex log_mutex;  // guards writes to log
  std::atomic<bool> stopping{false};
  std::mutex sleep_mutex;
  std::condition_variable sleep_cv;  // wakes shaped/stalled writers on shutdown

  Impl(OriginOptions o, std::filesystem::path canonical_root, std::unique_ptr<Shaper> s)
      : options(std::move(o)),
        root(std::move(canonical_root)),
        server(ReactorServer::Options{4, options.max_threads, options.keep_alive_s, options.keep_alive_max_requests,
                                      options.read_timeout_s, options.write_timeout_s}),
        cache(options.cache_bytes, options.cache_max_file_bytes),
        shaper(std::move(s)),
        faults(options.faults) {}

  ~Impl() {
    if (root_fd >= 0) ::close(root_fd);
    if (owns_log && log != nullptr) std::fclose(log);
  }

  // Sleeps until clock time `until_s` (the shaper's clock); false when shutting down.
  bool sleep_until(double until_s) {
    std::unique_lock lock(sleep_mutex);
    while (!stopping.load()) {
      double left = until_s - now_s();
      if (left <= 0) return true;
      sleep_cv.wait_for(lock, std::chrono::duration<double>(left));
    }
    return false;
  }

  void set_common_headers(httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    res.set_header("Access-Control-Expose-Headers", kExposedHeaders);
    res.set_header("Date", cached_date());
    res.set_header("Server", "dash-origin");
  }

  void simple(httplib::Response& res, int status, const std::string& text) {
    res.status = status;
    res.set_content(text + "\n", "text/plain; charset=utf-8");
    res.set_header("Cache-Control", "no-store");
  }

  httplib::Server::HandlerResponse handle(const httplib::Request& req, httplib::Response& res) {
    // httplib pre-parses Range and would apply it to every response, 200s
    // included; we decide on ranges ourselves (If-Range, 416, multi-range).
    const_cast<httplib::Request&>(req).ranges.clear();
    set_common_headers(res);
    if (req.method == "OPTIONS") {
      res.status = 204;
      res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
      res.set_header("Access-Control-Allow-Headers", "Range, If-None-Match, If-Modified-Since, If-Range, X-Session-Id");
      res.set_header("Access-Control-Max-Age", "86400");
      res.set_header("Content-Length", "0");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method != "GET" && req.method != "HEAD") {
      res.set_header("Allow", "GET, HEAD, OPTIONS");
      simple(res, 405, "method not allowed");
      return httplib::Server::HandlerResponse::Handled;
    }
    auto path = clean_request_path(req.target);
    if (!path.ok()) {
      bool malformed = path.error().code == media::ErrorCode::kInvalidArgument;
      simple(res, malformed ? 400 : 403, malformed ? "bad request: " + path.error().message : "forbidden");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (*path == "/" || *path == "/index.html") {
      if (!std::filesystem::exists(root / "index.html")) {
        res.status = 200;
        res.set_content(render_index_page(find_mpds(root)), "text/html; charset=utf-8");
        res.set_header("Cache-Control", "no-cache");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    if (*path == "/metrics") {
      res.status = 200;
      std::string extra;
      if (shaper) extra = "# TYPE dash_origin_shaped_sessions gauge\ndash_origin_shaped_sessions " +
                          std::to_string(shaper->sessions()) + "\n";
      res.set_content(metrics.render(server.open_connections(), extra), "text/plain; version=0.0.4");
      res.set_header("Cache-Control", "no-store");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (*path == "/_player") {
      std::string src = options.dashjs_path.empty() ? "https://cdn.dashjs.org/latest/modern/umd/dash.all.min.js"
                                                    : "/_dashjs/dash.all.min.js";
      res.status = 200;
      res.set_content(render_player_page(req.get_param_value("mpd"), src), "text/html; charset=utf-8");
      res.set_header("Cache-Control", "no-cache");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (*path == "/_dashjs/dash.all.min.js" && !options.dashjs_path.empty()) {
      auto js = media::read_file(options.dashjs_path, 16u << 20);
      if (!js.ok()) simple(res, 404, "not found");
      else {
        res.status = 200;
        res.set_content(*js, "text/javascript; charset=utf-8");
      }
      return httplib::Server::HandlerResponse::Handled;
    }
    serve_file(req, res, *path);
    return httplib::Server::HandlerResponse::Handled;
  }

  void serve_directory(const httplib::Request& req, httplib::Response& res, const std::filesystem::path& dir,
                       const std::string& path) {
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
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
      std::string n = e.path().filename().string();
      if (!n.empty() && n.front() != '.') names.push_back(n + (e.is_directory() ? "/" : ""));
    }
    std::sort(names.begin(), names.end());
    std::string html = "<!doctype html><html><body><h1>" + html_escape(path) + "</h1><ul>";
    for (const auto& n : names) html += "<li><a href=\"" + html_escape(n) + "\">" + html_escape(n) + "</a></li>";
    res.status = 200;
    res.set_content(html + "</ul></body></html>\n", "text/html; charset=utf-8");
  }

  void serve_file(const httplib::Request& req, httplib::Response& res, const std::string& path) {
    auto opened = open_under_root(root_fd, root, path);
    if (!opened.ok()) {
      simple(res, 404, "not found");
      return;
    }
    auto fd = std::make_shared<FileDescriptor>(*opened);
    struct stat st {};
    if (::fstat(fd->fd, &st) != 0) {
      simple(res, 404, "not found");
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      serve_directory(req, res, root / std::filesystem::path(path).relative_path(), path);
      return;
    }
    if (!S_ISREG(st.st_mode)) {
      simple(res, 403, "forbidden");
      return;
    }
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    const int64_t mtime_ns = int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
    const Validators v = make_validators(size, mtime_ns);
    const ContentPolicy policy = policy_for(path);
    res.set_header("ETag", v.etag);
    res.set_header("Last-Modified", format_http_date(v.last_modified));
    res.set_header("Cache-Control", policy.cache_control);
    res.set_header("Accept-Ranges", "bytes");

    if (not_modified(v, req.get_header_value("If-None-Match"), req.get_header_value("If-Modified-Since"))) {
      res.status = 304;
      return;
    }

    RangeDecision range;
    const std::string range_header = req.get_header_value("Range");
    if (!range_header.empty() && if_range_allows(v, req.get_header_value("If-Range")))
      range = decide_range(range_header, size);
    if (range.outcome == RangeOutcome::kUnsatisfiable) {
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

    auto data = cache.get(path, fd->fd, size, mtime_ns);
    if (length == 0 || (data && !link && !fault.drop && !fault.stall && length <= kInlineBodyBytes)) {
      // Small and plain: one copy into the response, no provider round trips.
      res.set_content(data ? data->substr(first, length) : std::string(), policy.content_type);
      return;
    }
    auto counter = t_context.body_bytes;
    res.set_content_provider(
        length, policy.content_type,
        [this, data, fd, first, length, link, fault, counter, stalled = false](
            size_t offset, size_t, httplib::DataSink& sink) mutable -> bool {
          if (stopping.load() && link) return false;
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
          if (data) {
            ok = sink.write(data->data() + first + offset, chunk);
          } else {
            std::string buf(chunk, '\0');
            ssize_t n = ::pread(fd->fd, buf.data(), chunk, static_cast<off_t>(first + offset));
            ok = n == static_cast<ssize_t>(chunk) && sink.write(buf.data(), chunk);
          }
          if (ok && counter != nullptr) counter->fetch_add(chunk);
          return ok;
        });
  }

  void log_request(const httplib::Request& req, const httplib::Response& res) {
    double duration = 0;
    uint64_t bytes = res.body.size();
    if (t_context.request == &req) {
      duration = now_s() - t_context.start_s;
      if (t_context.body_bytes != nullptr && res.content_provider_) bytes = t_context.body_bytes->load();
    }
    if (req.method == "HEAD") bytes = 0;
    metrics.request_done(res.status, bytes, duration);
    if (log == nullptr) return;
    std::string range = req.get_header_value("Range");
    char line[2048];
    std::snprintf(line, sizeof line, "%s %s %s %.*s range=%s %d %llu %.1fms\n", utc_timestamp().c_str(),
                  req.remote_addr.c_str(), req.method.c_str(), 1024, req.target.c_str(),
                  range.empty() ? "-" : range.c_str(), res.status, static_cast<unsigned long long>(bytes),
                  duration * 1000);
    std::scoped_lock lock(log_mutex);
    std::fputs(line, log);
    std::fflush(log);
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
    if (r < 0 || r > 1) return media::make_error(media::ErrorCode::kInvalidArgument, "fault rates must be within [0, 1]");
  if (options.faults.fail_rate + options.faults.drop_rate + options.faults.stall_rate > 1)
    return media::make_error(media::ErrorCode::kInvalidArgument, "fault rates add up to more than 1");

  std::unique_ptr<OriginServer> s(new OriginServer(options));
  s->impl_ = std::make_unique<Impl>(options, root, std::move(shaper));
  Impl& impl = *s->impl_;
  impl.root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (impl.root_fd < 0)
    return media::make_error(media::ErrorCode::kIo, "open content root '" + root.string() + "': " + std::strerror(errno));
  if (options.access_log.empty()) {
    impl.log = stderr;
  } else if (options.access_log != "off") {
    impl.log = std::fopen(options.access_log.c_str(), "a");
    if (impl.log == nullptr)
      return media::make_error(media::ErrorCode::kIo, "open access log '" + options.access_log + "': " + std::strerror(errno));
    impl.owns_log = true;
  }

  httplib::Server& svr = impl.server;
  // Keep-alive is the reactor's; these only set the Keep-Alive response header.
  svr.set_keep_alive_timeout(options.keep_alive_s);
  svr.set_keep_alive_max_count(options.keep_alive_max_requests);
  svr.set_read_timeout(options.read_timeout_s, 0);
  svr.set_write_timeout(options.write_timeout_s, 0);
  svr.set_payload_max_length(options.max_body_bytes);
  svr.set_tcp_nodelay(true);
  svr.set_pre_routing_handler([&impl](const httplib::Request& req, httplib::Response& res) {
    static thread_local std::atomic<uint64_t> body_bytes{0};
    body_bytes.store(0);
    t_context = {&req, now_s(), &body_bytes};
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
  // Errors httplib answers itself (400, 414, 416 for unparsable ranges) still get CORS headers.
  svr.set_error_handler(httplib::Server::HandlerWithResponse([&impl](const httplib::Request&, httplib::Response& res) {
    // httplib's set_header appends: add ours only where our handler did not.
    if (!res.has_header("Access-Control-Allow-Origin")) impl.set_common_headers(res);
    return httplib::Server::HandlerResponse::Unhandled;
  }));
  return s;
}

media::Status OriginServer::bind() {
  httplib::Server& svr = impl_->server;
  if (options_.port == 0) {
    port_ = svr.bind_to_any_port(options_.bind);
  } else {
    port_ = svr.bind_to_port(options_.bind, options_.port) ? options_.port : -1;
  }
  if (port_ <= 0)
    return media::make_error(media::ErrorCode::kIo, "cannot listen on " + options_.bind + ":" +
                                                        std::to_string(options_.port) + ": " + std::strerror(errno));
  // httplib listens with a backlog of 5; a burst of hundreds of connects
  // would then wait on SYN retransmissions. Find our socket and raise it.
  for (int fd = 3; fd < 4096; ++fd) {
    int accepting = 0;
    socklen_t len = sizeof accepting;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0 || !accepting) continue;
    sockaddr_storage addr{};
    socklen_t alen = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) continue;
    int p = addr.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port)
                                      : ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
    if (p == port_) ::listen(fd, SOMAXCONN);
  }
  return {};
}

void OriginServer::run() { impl_->server.listen_after_bind(); }

void OriginServer::stop() {
  impl_->stopping.store(true);
  impl_->sleep_cv.notify_all();
  impl_->server.shutdown();
}

std::vector<std::string> OriginServer::mpds() const { return find_mpds(impl_->root); }

}  // namespace origin
