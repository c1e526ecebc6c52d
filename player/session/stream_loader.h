// One stream's download loop: keeps its buffer filled up to --max-buffer, one
// segment at a time over persistent connections; asks the rate chooser for
// every video segment; retries with backoff, fails over between BaseURLs,
// abandons a video download that would drain the buffer, and skips a segment
// that stays missing. Runs on its own thread; owns its fetcher.
#pragma once

#include <map>
#include <memory>
#include <optional>

#include "player/net/fetcher.h"
#include "player/net/retry_policy.h"
#include "media/bounded_queue.h"
#include "player/session/downloaded_segment.h"
#include "player/session/presentation.h"
#include "player/session/rate_chooser.h"
#include "player/session/session_core.h"

namespace player {

struct LoaderOptions {
  double max_buffer_s = 30;        // stop fetching while this much is buffered ahead
  bool fast = false;               // no real-time pacing (--fast)
  bool abandonment = true;         // abort video downloads that would stall
  RetryPolicy retry;
  double request_timeout_ms = 10000;
  size_t lookahead_segments = 5;      // upcoming sizes handed to the ABR
};

class StreamLoader {
 public:
  // `chooser` decides video rungs and the video loader publishes its estimate
  // in `video_estimate_bps`; audio (chooser null) reads it. `out` receives
  // segments for decoding (null = discard).
  StreamLoader(StreamKind kind, const StreamInfo& stream, SessionCore& core, std::unique_ptr<Fetcher> fetcher,
               RateChooser* chooser, media::BoundedQueue<DownloadedSegment>* out, LoaderOptions options,
               std::atomic<double>* video_estimate_bps);

  void run();

 private:
  struct Download {
    FetchResult result;
    size_t base_url = 0;
  };
  size_t choose_rung(size_t index, std::string& reason, double& estimate_bps);
  ChoiceInput choice_input(size_t index);
  // Fetches `loc` of rung `rung` with retries and failover; nullopt when it
  // stays missing, was abandoned (abandon_to set) or the session stopped.
  std::optional<Download> fetch_with_retries(const media::MediaLocation& loc, size_t rung, size_t index,
                                             bool allow_abandon, std::optional<size_t>& abandon_to);
  std::shared_ptr<const std::string> init_for(size_t rung);
  bool wait_for_room(size_t index);
  double buffer_s();
  void log_event(const std::string& name, nlohmann::json fields);
  const char* name() const { return kind_ == StreamKind::kVideo ? "video" : "audio"; }

  StreamKind kind_;
  const StreamInfo& stream_;
  SessionCore& core_;
  std::unique_ptr<Fetcher> fetcher_;
  RateChooser* chooser_;
  media::BoundedQueue<DownloadedSegment>* out_;
  LoaderOptions options_;
  std::atomic<double>* video_estimate_bps_;
  std::map<size_t, std::shared_ptr<const std::string>> init_cache_;  // rung → init segment
  std::optional<size_t> last_rung_;
  std::mt19937_64 rng_;
};

}  // namespace player
