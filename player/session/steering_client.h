// Follows a DASH-IF content steering server for one session: asks it for
// PATHWAY-PRIORITY (telling it the pathway in use and the throughput seen
// there), hands the order to the BaseUrlSelector, and asks again after each
// TTL at the RELOAD-URI. Before the first answer the MPD's
// defaultServiceLocation orders the pathways. When the server cannot be
// reached or answers nonsense, the session falls back to its own
// throughput-ordered BaseURL choice and asks again one TTL (at most 10 s)
// later.
// Loop thread only.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "media/mpd/model.h"
#include "player/net/base_url_selector.h"
#include "player/net/steering.h"
#include "player/net/transport.h"
#include "player/session/event_loop.h"
#include "player/session/event_log.h"

namespace player {

class SteeringClient {
 public:
  // `pathways`: the serviceLocation of each BaseURL index ("" for none).
  // `session_now` gives the session time the log uses.
  SteeringClient(const media::ContentSteering& steering, const std::string& mpd_url, std::vector<std::string> pathways,
                 BaseUrlSelector& selector, EventLog& log, EventLoop& loop, std::function<double()> session_now,
                 std::unique_ptr<Transport> channel);
  ~SteeringClient();

  // True when the MPD asks for an answer before the first segment.
  bool query_before_start() const { return query_before_start_; }
  // Sends the first request; `after_first` (may be empty) runs once, after
  // the first answer or failure.
  void start(std::function<void()> after_first);
  void stop();

 private:
  void fetch();
  void on_done(media::Result<FetchResult> result);
  // Orders the selector by `priority` (names; `from` "mpd" or "server" for
  // the log); returns false when it names no pathway of this presentation.
  bool apply(const std::vector<std::string>& priority, const char* from);
  void schedule_next(double delay_s);

  std::string url_;  // the next request's URL, without the _DASH_ parameters
  std::vector<std::string> pathways_;
  BaseUrlSelector& selector_;
  EventLog& log_;
  EventLoop& loop_;
  std::function<double()> session_now_;
  std::unique_ptr<Transport> channel_;
  bool query_before_start_ = false;
  double ttl_s_ = 300;
  std::vector<std::string> priority_;  // the last order applied
  std::function<void()> after_first_;
  EventLoop::TimerId timer_ = 0;
  bool stopped_ = false;
};

}  // namespace player
