#include "origin/steering.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "media/text.h"

namespace origin {
namespace {

constexpr uint64_t kMinRequestsForErrorRate = 4;  // fewer: one error is no trend
constexpr size_t kMaxProbesKept = 1000;
constexpr double kMaxLookbackWindows = 6;  // a pathway without traffic for this long is given traffic again
constexpr int kMaxTtlS = 86400;
constexpr double kMaxMetricValue = 1e15;  // beyond any real count; keeps the sums exact in uint64

media::Error policy_error(const std::string& what) {
  return media::make_error(media::ErrorCode::kInvalidArgument, "steering policy: " + what);
}

media::Result<std::vector<std::string>> read_priority(const nlohmann::json& j, const std::string& where) {
  if (!j.is_array() || j.empty()) return policy_error(where + " must be a non-empty list of pathway names");
  std::vector<std::string> names;
  for (const auto& n : j) {
    if (!n.is_string()) return policy_error(where + " must hold pathway names (strings)");
    names.push_back(n.get<std::string>());
  }
  return names;
}

media::Result<double> read_number(const nlohmann::json& j, const std::string& key, double min, double max) {
  if (!j.is_number()) return policy_error("\"" + key + "\" must be a number");
  const double v = j.get<double>();
  if (!(v >= min && v <= max)) return policy_error("\"" + key + "\" is out of range");
  return v;
}

// The metric `name` (optionally with labels) as a number, summed over its lines.
struct MetricSum {
  double total = 0;
  double errors = 0;  // for requests: lines with a 5xx status label
  bool seen = false;
};

MetricSum sum_metric(std::string_view text, std::string_view name) {
  MetricSum sum;
  for (std::string_view line : media::split_lines(text)) {
    if (line.empty() || line[0] == '#' || line.substr(0, name.size()) != name) continue;
    std::string_view rest = line.substr(name.size());
    if (!rest.empty() && rest[0] != ' ' && rest[0] != '{') continue;  // a longer name
    std::string_view labels;
    if (!rest.empty() && rest[0] == '{') {
      const size_t close = rest.find('}');
      if (close == std::string_view::npos) continue;
      labels = rest.substr(1, close - 1);
      rest = rest.substr(close + 1);
    }
    const auto value = media::parse_double(media::trim(rest));
    if (!value || *value < 0 || *value > kMaxMetricValue) continue;  // no counter or gauge of ours
    sum.seen = true;
    sum.total += *value;
    if (labels.find("status=\"5") != std::string_view::npos) sum.errors += *value;
  }
  return sum;
}

}  // namespace

std::string_view to_string(PathwayState state) {
  switch (state) {
    case PathwayState::kOk: return "ok";
    case PathwayState::kOverloaded: return "overloaded";
    case PathwayState::kFailing: return "failing";
    case PathwayState::kDown: return "down";
  }
  return "?";
}

media::Result<SteeringPolicy> parse_steering_policy(std::string_view text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return policy_error("not valid JSON");
  if (!j.is_object()) return policy_error("must be a JSON object");
  SteeringPolicy p;
  for (const auto& [key, value] : j.items()) {
    // Reads `value` as a number within [min, max] into `out`.
    auto number = [&, &key = key, &value = value](double& out, double min, double max) -> media::Status {
      auto v = read_number(value, key, min, max);
      if (!v.ok()) return v.error();
      out = *v;
      return {};
    };
    if (key == "ttl_s") {
      if (!value.is_number_integer() || value.get<int64_t>() < 1 || value.get<int64_t>() > kMaxTtlS)
        return policy_error("\"ttl_s\" must be a whole number of seconds within [1, 86400]");
      p.ttl_s = static_cast<int>(value.get<int64_t>());
    } else if (key == "probe_interval_s") {
      DS_RETURN_IF_ERROR(number(p.probe_interval_s, 0.05, 3600));
    } else if (key == "window_s") {
      DS_RETURN_IF_ERROR(number(p.window_s, 0.1, 86400));
    } else if (key == "max_error_rate") {
      DS_RETURN_IF_ERROR(number(p.max_error_rate, 0, 1));
    } else if (key == "max_connections") {
      double v = 0;
      DS_RETURN_IF_ERROR(number(v, 1, 1e9));
      p.max_connections = v;
    } else if (key == "follow_health") {
      if (!value.is_boolean()) return policy_error("\"follow_health\" must be true or false");
      p.follow_health = value.get<bool>();
    } else if (key == "priority") {
      if (j.contains("schedule")) return policy_error("give \"priority\" or \"schedule\", not both");
      auto names = read_priority(value, "\"priority\"");
      if (!names.ok()) return names.error();
      p.schedule = {{0, std::move(*names)}};
    } else if (key == "schedule") {
      if (!value.is_array() || value.empty()) return policy_error("\"schedule\" must be a non-empty list");
      for (const auto& entry : value) {
        if (!entry.is_object() || !entry.contains("from_s") || !entry.contains("priority") || entry.size() != 2)
          return policy_error("each \"schedule\" entry is {\"from_s\": SECONDS, \"priority\": [NAMES]}");
        TimedPriority t;
        auto from = read_number(entry["from_s"], "from_s", 0, 1e9);
        if (!from.ok()) return from.error();
        t.from_s = *from;
        auto names = read_priority(entry["priority"], "a schedule's \"priority\"");
        if (!names.ok()) return names.error();
        t.priority = std::move(*names);
        if (!p.schedule.empty() && t.from_s <= p.schedule.back().from_s)
          return policy_error("\"schedule\" entries must have increasing \"from_s\"");
        p.schedule.push_back(std::move(t));
      }
    } else {
      return policy_error("unknown key \"" + key + "\"");
    }
  }
  return p;
}

media::Status check_policy_names(const SteeringPolicy& policy, const std::vector<media::Pathway>& pathways) {
  for (const auto& entry : policy.schedule)
    for (const auto& name : entry.priority)
      if (std::none_of(pathways.begin(), pathways.end(), [&](const auto& p) { return p.name == name; }))
        return policy_error("names pathway '" + name + "', which no --pathway defines");
  return {};
}

std::vector<std::string> rank_pathways(const std::vector<media::Pathway>& pathways,
                                       const std::vector<PathwayHealth>& health, const SteeringPolicy& policy,
                                       double since_start_s) {
  // Base order: the schedule entry in force, then the rest as configured.
  std::vector<size_t> order;
  auto add = [&](size_t i) {
    if (std::find(order.begin(), order.end(), i) == order.end()) order.push_back(i);
  };
  const TimedPriority* entry = nullptr;
  for (const auto& e : policy.schedule)
    if (entry == nullptr || e.from_s <= since_start_s) entry = &e;
  if (entry != nullptr)
    for (const auto& name : entry->priority)
      for (size_t i = 0; i < pathways.size(); ++i)
        if (pathways[i].name == name) add(i);
  for (size_t i = 0; i < pathways.size(); ++i) add(i);
  if (policy.follow_health)
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const auto state = [&](size_t i) { return i < health.size() ? health[i].state : PathwayState::kOk; };
      return state(a) < state(b);
    });
  std::vector<std::string> names;
  for (size_t i : order) names.push_back(pathways[i].name);
  return names;
}

std::string steering_manifest(int ttl_s, const std::string& reload_uri, const std::vector<std::string>& priority) {
  nlohmann::ordered_json j;
  j["VERSION"] = 1;
  j["TTL"] = ttl_s;
  if (!reload_uri.empty()) j["RELOAD-URI"] = reload_uri;
  j["PATHWAY-PRIORITY"] = priority;
  return j.dump();
}

std::optional<OriginCounters> parse_origin_counters(std::string_view text) {
  const MetricSum requests = sum_metric(text, "dash_origin_requests_total");
  if (!requests.seen) return std::nullopt;
  OriginCounters c;
  c.requests = static_cast<uint64_t>(std::max(0.0, requests.total));
  c.errors = static_cast<uint64_t>(std::max(0.0, requests.errors));
  const MetricSum open = sum_metric(text, "dash_origin_open_connections");
  if (open.seen) c.open_connections = open.total;
  return c;
}

void HealthWindow::add(double t_s, bool answered, std::optional<OriginCounters> counters) {
  probes_.push_back({t_s, answered, std::move(counters)});
  while (probes_.size() > kMaxProbesKept) probes_.pop_front();
}

PathwayHealth HealthWindow::health(const SteeringPolicy& policy) const {
  PathwayHealth h;
  if (probes_.empty()) return h;
  h.probed = true;
  const Probe& last = probes_.back();
  if (!last.answered) {
    h.state = PathwayState::kDown;
    return h;
  }
  if (!last.counters) return h;  // answers, but tells no more
  if (last.counters->open_connections) h.open_connections = std::max(0.0, *last.counters->open_connections - 1);
  // Requests served (not probes) between probe `from` and the last one:
  // every answered probe from `from` on (but the last) is one in the last counters.
  const auto served_since = [&](size_t from) {
    uint64_t own = 0;
    for (size_t i = from; i + 1 < probes_.size(); ++i) own += probes_[i].answered ? 1 : 0;
    const uint64_t requests = last.counters->requests - probes_[from].counters->requests;
    return requests > own ? requests - own : 0;
  };
  // Look back at least window_s and at least kMinRequestsForErrorRate
  // requests, so a pathway that lost its traffic keeps its verdict for a while;
  // never past a restart or kMaxLookbackWindows windows, so it gets traffic again.
  size_t first = probes_.size() - 1;
  for (size_t i = probes_.size() - 1; i-- > 0;) {
    const Probe& p = probes_[i];
    const double age_s = last.t_s - p.t_s;
    if (age_s > kMaxLookbackWindows * policy.window_s) break;
    if (!p.answered || !p.counters) continue;
    if (p.counters->requests > probes_[first].counters->requests) break;  // the origin restarted after it
    if (age_s > policy.window_s && served_since(first) >= kMinRequestsForErrorRate) break;
    first = i;
  }
  const OriginCounters& a = *probes_[first].counters;
  const OriginCounters& b = *last.counters;
  const uint64_t served = served_since(first);
  if (served >= kMinRequestsForErrorRate) {
    h.error_rate = static_cast<double>(b.errors - std::min(b.errors, a.errors)) / static_cast<double>(served);
    h.error_rate = std::min(1.0, *h.error_rate);
  }
  if (h.error_rate && *h.error_rate >= policy.max_error_rate) h.state = PathwayState::kFailing;
  else if (policy.max_connections && h.open_connections && *h.open_connections >= *policy.max_connections)
    h.state = PathwayState::kOverloaded;
  return h;
}

}  // namespace origin
