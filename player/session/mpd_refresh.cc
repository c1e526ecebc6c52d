#include "player/session/mpd_refresh.h"

namespace player {
namespace {

constexpr double kMpdTimeoutMs = 5000;

}  // namespace

MpdRefresher::MpdRefresher(std::string url, std::unique_ptr<Transport> channel, PresentationOptions options)
    : url_(std::move(url)), channel_(std::move(channel)), options_(std::move(options)) {
  options_.load_metadata = false;
}

MpdRefresher::~MpdRefresher() { cancel(); }

void MpdRefresher::cancel() {
  channel_->cancel();
  in_flight_ = false;
}

void MpdRefresher::fetch(Done done) {
  if (in_flight_) return;
  in_flight_ = true;
  FetchRequest request;
  request.url = url_;
  request.timeout_ms = kMpdTimeoutMs;
  if (options_.on_mpd_request) options_.on_mpd_request(request);  // CMCD
  TransferHandlers handlers;
  handlers.on_done = [this, done = std::move(done)](media::Result<FetchResult> result) {
    in_flight_ = false;
    if (!result.ok()) {
      done(result.error().with_context("refresh MPD"));
      return;
    }
    done(build_presentation(no_index_, std::move(result->body), url_, options_));
  };
  channel_->start(request, std::move(handlers));
}

}  // namespace player
