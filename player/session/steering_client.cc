#include "player/session/steering_client.h"

#include <algorithm>
#include <sstream>
#include <utility>

#include "media/url.h"

namespace player {
namespace {

constexpr double kSteeringTimeoutMs = 5000;
// After a failed request: ask again within this long even when the TTL is
// longer (300 s by default), so a server that was down at start-up is heard
// from soon after it comes back.
constexpr double kRetryAfterFailureS = 10;

std::vector<std::string> split_words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

SteeringClient::SteeringClient(const media::ContentSteering& steering, const std::string& mpd_url,
                               std::vector<std::string> pathways, BaseUrlSelector& selector, EventLog& log,
                               EventLoop& loop, std::function<double()> session_now, std::unique_ptr<Transport> channel)
    : url_(media::resolve_url(mpd_url, steering.server_url)),
      pathways_(std::move(pathways)),
      selector_(selector),
      log_(log),
      loop_(loop),
      session_now_(std::move(session_now)),
      channel_(std::move(channel)),
      query_before_start_(steering.query_before_start.value_or(false)) {
  if (steering.default_service_location) apply(split_words(*steering.default_service_location), "mpd");
}

SteeringClient::~SteeringClient() { stop(); }

void SteeringClient::stop() {
  stopped_ = true;
  loop_.cancel(timer_);
  channel_->cancel();
}

void SteeringClient::start(std::function<void()> after_first) {
  after_first_ = std::move(after_first);
  fetch();
}

void SteeringClient::fetch() {
  if (stopped_) return;
  const size_t in_use = selector_.choose(session_now_());
  FetchRequest request;
  request.url = steering_request_url(url_, in_use < pathways_.size() ? pathways_[in_use] : std::string(),
                                     selector_.throughput_bps(in_use));
  request.timeout_ms = kSteeringTimeoutMs;
  TransferHandlers handlers;
  handlers.on_done = [this](media::Result<FetchResult> result) { on_done(std::move(result)); };
  channel_->start(request, std::move(handlers));
}

void SteeringClient::on_done(media::Result<FetchResult> result) {
  if (!result.ok() && result.error().code == media::ErrorCode::kCancelled) return;
  media::Result<SteeringManifest> manifest =
      result.ok() ? parse_steering_manifest(result->body) : media::Result<SteeringManifest>(result.error());
  if (manifest.ok()) {
    ttl_s_ = manifest->ttl_s;
    if (!apply(manifest->priority, "server"))
      manifest = media::make_error(media::ErrorCode::kParse, "steering manifest: PATHWAY-PRIORITY names no pathway of this MPD");
  }
  if (manifest.ok()) {
    if (!manifest->reload_uri.empty())
      url_ = media::resolve_url(result->final_url.empty() ? url_ : result->final_url, manifest->reload_uri);
  } else {
    // Our own choice until the server answers again.
    if (!priority_.empty()) selector_.set_steering({});
    priority_.clear();
    log_.event(session_now_(), "warning",
               {{"message", "content steering: " + manifest.error().message + "; choosing BaseURLs by throughput"}});
  }
  schedule_next(manifest.ok() ? ttl_s_ : std::min(ttl_s_, kRetryAfterFailureS));
  if (after_first_) std::exchange(after_first_, {})();
}

bool SteeringClient::apply(const std::vector<std::string>& priority, const char* from) {
  std::vector<size_t> order;
  for (const auto& name : priority)
    for (size_t i = 0; i < pathways_.size(); ++i)
      if (pathways_[i] == name) order.push_back(i);
  if (order.empty()) return false;
  if (priority != priority_)
    log_.event(session_now_(), "steering",
               {{"priority", priority}, {"pathway", pathways_[order.front()]}, {"from", from}, {"ttl_s", ttl_s_}});
  priority_ = priority;
  selector_.set_steering(std::move(order));
  return true;
}

void SteeringClient::schedule_next(double delay_s) {
  if (stopped_) return;
  loop_.cancel(timer_);
  timer_ = loop_.after(delay_s, [this] {
    timer_ = 0;
    fetch();
  });
}

}  // namespace player
