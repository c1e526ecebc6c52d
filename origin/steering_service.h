// dash-origin --steering: answers steering requests (GET /_steering) with a
// steering manifest ranked from live signals, and keeps those signals fresh.
// A prober thread reads every pathway's /metrics (scheme://host:port of its
// URL) each probe interval: whether it answers, its 5xx share and its open
// connections. Players report their pathway and throughput with each request
// (_DASH_pathway="alpha", _DASH_throughput=bits/s); those feed /metrics and
// the log, not the ranking, which is the same for every client. A change of
// the ranking is logged as one line on stderr. Thread-safe; start() once,
// stop() (or the destructor) ends the prober.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "media/clock.h"
#include "media/error.h"
#include "media/pathway.h"
#include "origin/steering.h"

namespace origin {

class SteeringService {
 public:
  // An error when `pathways` is empty or the policy names an unknown pathway.
  static media::Result<std::unique_ptr<SteeringService>> create(std::vector<media::Pathway> pathways,
                                                                 SteeringPolicy policy,
                                                                 std::shared_ptr<media::Clock> clock);
  ~SteeringService();

  void start();  // the prober thread
  void stop();

  struct Answer {
    int status = 200;
    std::string body;  // the manifest (JSON), or the reason for a 400
  };
  // A steering request to `path` with its decoded query parameters. Keeps the
  // parameters other than _DASH_* in RELOAD-URI.
  Answer answer(const std::string& path, const std::multimap<std::string, std::string>& params);

  // Records one probe of pathway `index` now (the prober does; tests too).
  void record_probe(size_t index, bool answered, std::optional<OriginCounters> counters);
  std::vector<PathwayHealth> health() const;
  std::vector<std::string> priority() const;
  std::string render_metrics() const;  // Prometheus lines

 private:
  SteeringService(std::vector<media::Pathway> pathways, SteeringPolicy policy, std::shared_ptr<media::Clock> clock);
  void probe_loop();
  void probe(size_t index);
  std::vector<std::string> rank_locked() const;  // requires: mutex_ held
  void log_change_locked();                      // requires: mutex_ held

  const std::vector<media::Pathway> pathways_;
  const SteeringPolicy policy_;
  const std::shared_ptr<media::Clock> clock_;
  const double started_s_;
  mutable std::mutex mutex_;  // guards windows_, throughput_, reports_, answers_, last_priority_
  std::vector<HealthWindow> windows_;
  std::vector<double> throughput_bps_;  // last _DASH_throughput reported per pathway (0: none yet)
  std::vector<uint64_t> reports_;
  uint64_t answers_ = 0;
  std::vector<std::string> last_priority_;
  std::mutex stop_mutex_;  // with stop_cv_: the prober's sleep
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread prober_;
};

}  // namespace origin
