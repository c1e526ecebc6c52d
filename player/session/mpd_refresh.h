// Fetches a live presentation's MPD again over one of the session's channels
// (HTTP in dash-player, the virtual network in tests) and parses it at the
// synchronised wall clock. One request at a time. Loop thread only.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "media/error.h"
#include "player/net/http_fetcher.h"
#include "player/net/transport.h"
#include "player/session/presentation.h"

namespace player {

class MpdRefresher {
 public:
  // Takes the Presentation: a merge may keep its new Periods.
  using Done = std::function<void(media::Result<Presentation>)>;
  MpdRefresher(std::string url, std::unique_ptr<Transport> channel, PresentationOptions options);
  ~MpdRefresher();

  // Starts a fetch; `done` runs on the loop. Ignored while one is in flight.
  void fetch(Done done);
  bool in_flight() const { return in_flight_; }
  void cancel();

 private:
  std::string url_;
  std::unique_ptr<Transport> channel_;
  PresentationOptions options_;
  FileFetcher no_index_;  // build_presentation's sidx fetcher: live templates need none
  bool in_flight_ = false;
};

}  // namespace player
