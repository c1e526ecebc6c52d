#include "origin/steering_service.h"

#include <httplib.h>

#include <cstdio>
#include <sstream>

#include "media/text.h"
#include "media/url.h"

namespace origin {
namespace {

constexpr int kProbeTimeoutMs = 1000;
constexpr const char* kPathwayParam = "_DASH_pathway";
constexpr const char* kThroughputParam = "_DASH_throughput";

// _DASH_pathway is a quoted string ("alpha"); a bare name is taken too.
std::string unquote(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return std::string(v.substr(1, v.size() - 2));
  return std::string(v);
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

}  // namespace

media::Result<std::unique_ptr<SteeringService>> SteeringService::create(std::vector<media::Pathway> pathways,
                                                                         SteeringPolicy policy,
                                                                         std::shared_ptr<media::Clock> clock) {
  if (pathways.empty())
    return media::make_error(media::ErrorCode::kInvalidArgument, "--steering needs at least one --pathway NAME=URL");
  for (size_t i = 0; i < pathways.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (pathways[i].name == pathways[j].name)
        return media::make_error(media::ErrorCode::kInvalidArgument,
                                 "--pathway name '" + pathways[i].name + "' is given twice");
  DS_RETURN_IF_ERROR(check_policy_names(policy, pathways));
  return std::unique_ptr<SteeringService>(
      new SteeringService(std::move(pathways), std::move(policy), std::move(clock)));
}

SteeringService::SteeringService(std::vector<media::Pathway> pathways, SteeringPolicy policy,
                                 std::shared_ptr<media::Clock> clock)
    : pathways_(std::move(pathways)),
      policy_(std::move(policy)),
      clock_(std::move(clock)),
      started_s_(clock_->now_s()),
      windows_(pathways_.size()),
      throughput_bps_(pathways_.size(), 0),
      reports_(pathways_.size(), 0) {
  last_priority_ = rank_locked();
}

SteeringService::~SteeringService() { stop(); }

void SteeringService::start() {
  if (!prober_.joinable()) prober_ = std::thread([this] { probe_loop(); });
}

void SteeringService::stop() {
  {
    std::scoped_lock lock(stop_mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (prober_.joinable()) prober_.join();
}

void SteeringService::probe_loop() {
  std::unique_lock lock(stop_mutex_);
  while (!stopping_) {
    lock.unlock();
    for (size_t i = 0; i < pathways_.size(); ++i) probe(i);
    {
      std::scoped_lock state(mutex_);
      log_change_locked();  // once per round: not the half-probed states in between
    }
    lock.lock();
    stop_cv_.wait_for(lock, std::chrono::duration<double>(policy_.probe_interval_s), [&] { return stopping_; });
  }
}

void SteeringService::probe(size_t index) {
  const media::UrlParts url = media::split_url(pathways_[index].url);
  httplib::Client client(url.scheme + "://" + url.authority);
  client.set_connection_timeout(0, kProbeTimeoutMs * 1000);
  client.set_read_timeout(0, kProbeTimeoutMs * 1000);
  client.enable_server_certificate_verification(false);  // reads load figures only; never trusts content
  auto res = client.Get("/metrics");
  // Any HTTP answer means the pathway is up; only a dash-origin's /metrics tells more.
  record_probe(index, static_cast<bool>(res),
               res && res->status == 200 ? parse_origin_counters(res->body) : std::nullopt);
}

void SteeringService::record_probe(size_t index, bool answered, std::optional<OriginCounters> counters) {
  std::scoped_lock lock(mutex_);
  windows_.at(index).add(clock_->now_s(), answered, std::move(counters));
}

std::vector<PathwayHealth> SteeringService::health() const {
  std::scoped_lock lock(mutex_);
  std::vector<PathwayHealth> h;
  for (const auto& w : windows_) h.push_back(w.health(policy_));
  return h;
}

std::vector<std::string> SteeringService::rank_locked() const {
  std::vector<PathwayHealth> h;
  for (const auto& w : windows_) h.push_back(w.health(policy_));
  return rank_pathways(pathways_, h, policy_, clock_->now_s() - started_s_);
}

std::vector<std::string> SteeringService::priority() const {
  std::scoped_lock lock(mutex_);
  return rank_locked();
}

void SteeringService::log_change_locked() {
  std::vector<std::string> now = rank_locked();
  if (now == last_priority_) return;
  std::string why;
  for (size_t i = 0; i < pathways_.size(); ++i) {
    const PathwayHealth h = windows_[i].health(policy_);
    char buf[128];
    std::snprintf(buf, sizeof buf, " %s=%s", pathways_[i].name.c_str(), std::string(to_string(h.state)).c_str());
    why += buf;
    if (h.error_rate) {
      std::snprintf(buf, sizeof buf, "(5xx %.2f)", *h.error_rate);
      why += buf;
    }
  }
  std::fprintf(stderr, "dash-origin: steering: PATHWAY-PRIORITY %s -> %s at %.1f s;%s\n", join(last_priority_).c_str(),
               join(now).c_str(), clock_->now_s() - started_s_, why.c_str());
  last_priority_ = std::move(now);
}

SteeringService::Answer SteeringService::answer(const std::string& path,
                                                const std::multimap<std::string, std::string>& params) {
  std::optional<size_t> pathway;
  if (auto it = params.find(kPathwayParam); it != params.end()) {
    const std::string name = unquote(it->second);
    for (size_t i = 0; i < pathways_.size(); ++i)
      if (pathways_[i].name == name) pathway = i;
  }
  std::optional<double> throughput_bps;
  if (auto it = params.find(kThroughputParam); it != params.end()) {
    throughput_bps = media::parse_double(it->second);
    if (!throughput_bps || *throughput_bps < 0)
      return {400, "bad _DASH_throughput '" + it->second + "': expected bits per second\n"};
  }
  // RELOAD-URI: this path, with the client's own parameters but not _DASH_*.
  std::string reload = media::percent_encode(path), separator = "?";
  for (const auto& [key, value] : params) {
    if (key.rfind("_DASH_", 0) == 0) continue;
    reload += separator + media::percent_encode(key) + "=" + media::percent_encode(value);
    separator = "&";
  }
  std::scoped_lock lock(mutex_);
  ++answers_;
  if (pathway && throughput_bps) {
    throughput_bps_[*pathway] = *throughput_bps;
    ++reports_[*pathway];
  }
  return {200, steering_manifest(policy_.ttl_s, reload, rank_locked())};
}

std::string SteeringService::render_metrics() const {
  std::scoped_lock lock(mutex_);
  std::ostringstream out;
  out << "# HELP dash_origin_steering_answers_total Steering manifests served.\n"
         "# TYPE dash_origin_steering_answers_total counter\n"
         "dash_origin_steering_answers_total " << answers_ << "\n"
         "# HELP dash_origin_steering_pathway_state Each pathway's state as this origin sees it (1 = current).\n"
         "# TYPE dash_origin_steering_pathway_state gauge\n";
  const std::vector<std::string> priority = rank_locked();
  for (size_t i = 0; i < pathways_.size(); ++i) {
    const PathwayHealth h = windows_[i].health(policy_);
    for (auto s : {PathwayState::kOk, PathwayState::kOverloaded, PathwayState::kFailing, PathwayState::kDown})
      out << "dash_origin_steering_pathway_state{pathway=\"" << pathways_[i].name << "\",state=\"" << to_string(s)
          << "\"} " << (h.state == s ? 1 : 0) << "\n";
  }
  out << "# HELP dash_origin_steering_pathway_rank Place in PATHWAY-PRIORITY (0 = first).\n"
         "# TYPE dash_origin_steering_pathway_rank gauge\n";
  for (size_t rank = 0; rank < priority.size(); ++rank)
    out << "dash_origin_steering_pathway_rank{pathway=\"" << priority[rank] << "\"} " << rank << "\n";
  out << "# HELP dash_origin_steering_error_rate 5xx share of each pathway's requests over the window.\n"
         "# TYPE dash_origin_steering_error_rate gauge\n";
  for (size_t i = 0; i < pathways_.size(); ++i)
    if (auto e = windows_[i].health(policy_).error_rate)
      out << "dash_origin_steering_error_rate{pathway=\"" << pathways_[i].name << "\"} " << *e << "\n";
  out << "# HELP dash_origin_steering_reported_throughput_bps Last _DASH_throughput players reported per pathway.\n"
         "# TYPE dash_origin_steering_reported_throughput_bps gauge\n";
  for (size_t i = 0; i < pathways_.size(); ++i)
    if (reports_[i] > 0)
      out << "dash_origin_steering_reported_throughput_bps{pathway=\"" << pathways_[i].name << "\"} "
          << static_cast<uint64_t>(throughput_bps_[i]) << "\n";
  return out.str();
}

}  // namespace origin
