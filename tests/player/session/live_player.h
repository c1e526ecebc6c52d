// The real Session on a LiveContent presentation in virtual time: a fast
// virtual link, no decoding, actions at session times, and the log to check.
#pragma once

#include <functional>
#include <iostream>
#include <memory>
#include <utility>
#include <vector>

#include "player/session/session.h"
#include "tests/player/session/live_content.h"

namespace player::testing {

struct LivePlayer {
  explicit LivePlayer(LiveSpec s = {}) : spec(std::move(s)) {
    options.decode = false;
    options.max_buffer_s = 10;
  }
  LiveSpec spec;
  std::vector<media::TracePeriod> trace = {{1000, 20e6, 20}};
  double local_clock_error_s = 0;  // the player's wall clock minus the server's
  SessionOptions options;
  std::vector<std::pair<double, std::function<void(Session&)>>> actions;  // at session times
  std::unique_ptr<abr::AbrAlgorithm> algorithm;  // null: options.abr
  media::ManualClock clock;
  std::unique_ptr<LiveContent> content;
  std::unique_ptr<Session> session;

  media::Result<SessionSummary> run(double seconds) {
    content = std::make_unique<LiveContent>(spec, clock);
    options.url = content->mpd_url();
    options.stop_after_s = seconds;
    SessionEnvironment env;
    env.clock = &clock;
    env.seed = 7;
    env.algorithm = std::move(algorithm);
    env.fetcher = [this] { return std::make_unique<ContentFetcher>(*content); };
    env.wall_clock_unix_s = [this] { return spec.epoch_unix_s + clock.now_s() + local_clock_error_s; };
    env.network = [this](EventLoop& loop) {
      return std::make_unique<VirtualNetwork>(loop, trace, *content, VirtualNetworkOptions{1, 0.1});
    };
    session = std::make_unique<Session>(options, nullptr, std::move(env));
    for (auto& [t_s, action] : actions) session->at(t_s, [this, a = action] { a(*session); });
    return session->run();
  }
  std::vector<nlohmann::json> events(const std::string& name) const {
    std::vector<nlohmann::json> out;
    for (const auto& e : session->log().events())
      if (e.value("event", "") == name) out.push_back(e);
    return out;
  }
  std::vector<SegmentRecord> segments() const { return session->log().segments(); }
  // LIVE_DEBUG=1: what happened, for a failing test.
  void dump(const SessionSummary& s) const {
    std::cerr << format_table(s);
    for (const auto& e : session->log().events()) std::cerr << e.dump() << "\n";
  }
  // Presentation time of the live edge at the server, now.
  double edge_s() const { return content->wall_s() - content->ast_unix_s(); }
};

}  // namespace player::testing
