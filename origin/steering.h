// Content steering (DASH-IF Content Steering 1.0) on the origin, the pure
// part: which order of pathways to answer (PATHWAY-PRIORITY), from the health
// of each pathway as this origin sees it and an optional policy file; the
// steering manifest (DCSM) itself; and reading the health signals from a
// pathway's dash-origin /metrics. No I/O, no clock: times are arguments.
//
// A pathway is ranked by its state, best first: ok, overloaded (open
// connections at or above the policy's max_connections), failing (5xx share
// at or above max_error_rate over the last window_s), down (its /metrics did
// not answer). Pathways in the same state keep the base order: the policy's
// schedule entry for the time since start, else the --pathway order.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/error.h"
#include "media/pathway.h"

namespace origin {

enum class PathwayState { kOk, kOverloaded, kFailing, kDown };  // ranked in this order
std::string_view to_string(PathwayState state);

struct PathwayHealth {
  PathwayState state = PathwayState::kOk;
  bool probed = false;                     // false: no answer yet, assumed ok
  std::optional<double> error_rate;        // 5xx share of its requests over the window
  std::optional<double> open_connections;  // its load, the probe's own connection not counted
  bool operator==(const PathwayHealth&) const = default;
};

struct TimedPriority {
  double from_s = 0;                  // seconds since the origin started
  std::vector<std::string> priority;  // pathway names, best first
  bool operator==(const TimedPriority&) const = default;
};

// --steering-policy FILE (JSON, every key optional):
//   {"ttl_s": 10, "probe_interval_s": 1, "window_s": 10, "max_error_rate": 0.1,
//    "max_connections": 500, "follow_health": true,
//    "priority": ["beta", "alpha"]                       (a fixed base order), or
//    "schedule": [{"from_s": 0, "priority": ["alpha", "beta"]},
//                 {"from_s": 60, "priority": ["beta", "alpha"]}]}
struct SteeringPolicy {
  int ttl_s = 10;                          // TTL of each answer: players ask again after it
  double probe_interval_s = 1;             // how often each pathway's /metrics is read
  double window_s = 10;                    // error rates are measured over this long
  double max_error_rate = 0.1;             // failing at or above this 5xx share
  std::optional<double> max_connections;   // overloaded at or above this many open connections
  bool follow_health = true;               // false: the base order as it is
  std::vector<TimedPriority> schedule;     // base orders by time; empty = the --pathway order
  bool operator==(const SteeringPolicy&) const = default;
};

media::Result<SteeringPolicy> parse_steering_policy(std::string_view json);
// Every name the policy uses must be one of `pathways`.
media::Status check_policy_names(const SteeringPolicy& policy, const std::vector<media::Pathway>& pathways);

// PATHWAY-PRIORITY: every pathway once, best first. `health` is parallel to `pathways`.
std::vector<std::string> rank_pathways(const std::vector<media::Pathway>& pathways,
                                       const std::vector<PathwayHealth>& health, const SteeringPolicy& policy,
                                       double since_start_s);

// The DCSM: {"VERSION": 1, "TTL": .., "RELOAD-URI": "..", "PATHWAY-PRIORITY": [..]}.
std::string steering_manifest(int ttl_s, const std::string& reload_uri, const std::vector<std::string>& priority);

// What steering needs from a dash-origin's /metrics (Prometheus text).
struct OriginCounters {
  uint64_t requests = 0;                   // dash_origin_requests_total, all statuses
  uint64_t errors = 0;                     // ... with a 5xx status
  std::optional<double> open_connections;  // dash_origin_open_connections
  bool operator==(const OriginCounters&) const = default;
};
// Nullopt when the text holds no dash_origin_requests_total (not a dash-origin).
std::optional<OriginCounters> parse_origin_counters(std::string_view metrics_text);

// One pathway's probes over time, and its health from them. Each answered
// probe is itself one 200 request in the counters of the next, which the
// error rate leaves out; counters that go down mean the origin restarted.
class HealthWindow {
 public:
  // A probe at `t_s` (non-decreasing): `answered` false when the pathway did
  // not answer at all; `counters` empty when it answered but is no dash-origin.
  void add(double t_s, bool answered, std::optional<OriginCounters> counters);
  PathwayHealth health(const SteeringPolicy& policy) const;

 private:
  struct Probe {
    double t_s;
    bool answered;
    std::optional<OriginCounters> counters;
  };
  std::deque<Probe> probes_;  // the last window_s (and one more), bounded
};

}  // namespace origin
