// One stream's download loop, as a state machine on the session's event loop:
// keeps the buffer filled up to --max-buffer, one segment at a time over its
// own channel; video asks the ABR algorithm before every segment (and honours
// its wait), audio follows video's estimate by abr::choose_audio_rung; a
// running video download is judged by abr::should_abandon (the algorithm,
// then the safety net) and restarted lower; failures are retried with backoff
// and fail over between BaseURLs; a segment still missing is skipped. It
// walks the Periods in order: at the end of one it moves to the next
// Period's track (its ladder, init segments and timeline), carrying its rung
// over by bitrate. The same code runs in real time over HTTP and in virtual
// time over a simulated network. Not thread-safe: loop thread only.
#pragma once

#include <deque>
#include <limits>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>

#include "media/bounded_queue.h"
#include "media/isobmff/boxes.h"
#include "player/abr/algorithm.h"
#include "player/net/base_url_selector.h"
#include "player/net/cmcd.h"
#include "player/net/retry_policy.h"
#include "player/net/transport.h"
#include "player/session/chunk_assembler.h"
#include "player/session/downloaded_segment.h"
#include "player/session/event_loop.h"
#include "player/session/presentation.h"
#include "player/session/segment_gate.h"
#include "player/session/session_core.h"

namespace player {

struct LoaderOptions {
  double max_buffer_s = 30;           // no request while this much is buffered ahead
  bool fast = false;                  // no real-time pacing (--fast)
  bool abandonment = true;            // judge running video downloads
  RetryPolicy retry;
  double request_timeout_ms = 10000;
  double judge_interval_s = 0.1;      // how often a running video download is judged
  SegmentGate* gate = nullptr;        // live: segment availability (null: VOD)
  CmcdMode cmcd = CmcdMode::kOff;     // --cmcd: how requests carry CTA-5004 data
  std::string session_id;             // CMCD sid
  std::string content_id;             // CMCD cid
};

// The session's ABR: the algorithm (the UI may replace it) and a pinned rung.
struct AbrSlot {
  std::unique_ptr<abr::AbrAlgorithm> algorithm;
  std::optional<size_t> pinned_rung;  // --rung, keys 1..9
};

// The track a stream plays in a Period (nullptr: none in that Period).
using TrackChooser = std::function<const StreamInfo*(size_t period)>;

class StreamLoader {
 public:
  // `out` receives segments for decoding (null: discard). `on_appended` runs
  // after every segment added to the buffer (the session moves its clock and
  // wakes the other stream).
  StreamLoader(StreamKind kind, const Presentation& presentation, TrackChooser track, SessionCore& core,
               EventLog& log, EventLoop& loop, std::unique_ptr<Transport> channel, BaseUrlSelector& base_urls,
               AbrSlot& abr, media::BoundedQueue<DownloadedSegment>* out, LoaderOptions options, uint64_t seed,
               std::function<void()> on_appended);
  ~StreamLoader();

  // (Re)starts at segment `index` of Period `period`, dropping whatever is in
  // flight (a seek, another track). Live: when the track lists no segment
  // yet, it starts at the one holding `from_s` once a refresh lists some.
  void start(size_t period, size_t index, double from_s = std::numeric_limits<double>::quiet_NaN());
  // The playback state changed: a wait for room in the buffer may be over.
  void wake();
  // Live: a refresh changed the segment lists. One that ended the Period
  // before the segment in hand (@endNumber after an outage) drops it.
  void listing_changed();
  // The track for this stream may have changed (another audio track): from
  // its next segment on, the loader fetches the new track from where the
  // buffer ends; what is buffered plays out.
  void retrack() { retrack_ = true; }
  // Cancels everything in flight; nothing runs afterwards.
  void stop();
  bool finished() const { return phase_ == Phase::kFinished; }

 private:
  enum class Phase { kIdle, kWaitingForRoom, kWaitingToRequest, kFetching, kBackingOff, kHandingOver, kFinished };
  // The segment being fetched.
  struct Pending {
    size_t rung = 0;
    abr::Reason reason;
    double estimate_bps = 0;
    double buffer_before_s = 0;
    double requested_s = 0;    // session time of its first request
    double wait_s = 0;         // idle before it: a full buffer, the algorithm's wait
    size_t abandoned = 0;      // attempts abandoned before the one that delivers
    double abandoned_bytes = 0;
    bool fetching_init = false;
    int attempt = 0;           // of the current request (init or media)
    double first_try_s = 0;
    size_t base = 0;           // BaseURL index
    double last_judged_s = -1; // elapsed time of the last abandonment judgement
    // Low-latency live: the chunks of the segment, played as they arrive.
    std::optional<ChunkAssembler> chunks;  // of the attempt in flight
    size_t chunks_appended = 0;
    uint64_t chunk_bytes = 0;              // of the body, appended in chunks
    double chunk_end_s = 0;                // presentation time the appended chunks reach
    uint64_t burst_bytes = 0;              // the chunk-based throughput measurement (chunk_assembler.h)
    double burst_s = 0;
  };

  void next();
  // Moves to Period `period` (its track, ladder and init segments).
  void enter_period(size_t period);
  // Moves to the track track_ names now for period_ (after retrack()).
  void switch_track();
  // Segments left from index_ to the end of the presentation.
  size_t segments_remaining() const;
  void choose(const StreamView& view);
  void request();
  void send();
  void on_progress(uint64_t received, std::optional<uint64_t> total, double elapsed_s, double ttfb_s);
  void on_body(std::vector<BodyPiece> pieces);
  // Plays a chunk of the segment in flight: to the decoder, and its time to the buffer.
  void append_chunk(std::string bytes);
  // The chunk measurement of the attempt in flight, added to the segment's.
  void close_chunks();
  // A part of segment index_ (all of it, or a chunk) as the decoder takes it.
  DownloadedSegment part(std::shared_ptr<const std::string> data, double start_s, double end_s) const;
  // Pushes to_decoder_ into the decoder queue in order; false while it is full.
  bool flush_to_decoder();
  void retry_flush();  // flush_timer_'s: again until the queue takes them all
  void on_done(media::Result<FetchResult> result);
  void on_failure(const media::Error& error);
  void abandon(size_t lower, uint64_t received, double elapsed_s, double ttfb_s, double buffer_s);
  void hand_over();
  bool algorithm_failed();
  void append(bool skipped);
  abr::AbrContext context(size_t index, const StreamView& view) const;
  const media::MediaLocation& location() const;
  // The CMCD of the request about to go to `url`, from the session's state now.
  CmcdRequest cmcd_for(const std::string& url);
  enum class Step { kNext, kRequest, kSend, kHandOver };
  void set_timer(double delay_s, Step step);
  // `fields()` makes the event's JSON fields, only when the log records events.
  template <typename Fields>
  void log_event(const char* name, Fields&& fields) {
    if (!log_.records_events()) return;
    nlohmann::json j = fields();
    j["stream"] = this->name();
    log_.event(core_.now_s(), name, std::move(j));
  }
  const char* name() const { return to_string(kind_); }
  bool video() const { return kind_ == StreamKind::kVideo; }

  StreamKind kind_;
  const Presentation& presentation_;  // a live one grows between events (segments, Periods; never shrinks)
  TrackChooser track_;
  SessionCore& core_;
  EventLog& log_;
  EventLoop& loop_;
  std::unique_ptr<Transport> channel_;
  BaseUrlSelector& base_urls_;
  AbrSlot& abr_;
  media::BoundedQueue<DownloadedSegment>* out_;
  LoaderOptions options_;
  std::mt19937_64 rng_;  // retry jitter
  std::function<void()> on_appended_;

  Phase phase_ = Phase::kIdle;
  EventLoop::TimerId timer_ = 0;
  size_t period_ = 0;
  const StreamInfo* stream_ = nullptr;  // the track played in period_ (null: none there)
  size_t index_ = 0;
  double start_when_listed_s_ = std::numeric_limits<double>::quiet_NaN();  // see start()
  Pending seg_;
  std::optional<FetchResult> result_;  // the delivered segment, until it is appended
  std::deque<DownloadedSegment> to_decoder_;  // for the decoder, while its queue is full
  EventLoop::TimerId flush_timer_ = 0;        // retries to_decoder_ while chunks arrive
  double idle_since_s_ = 0;            // when the stream last finished a segment
  double stall_at_last_append_s_ = 0;
  double stall_at_last_request_s_ = 0;  // for CMCD bs
  bool retrack_ = false;                // ask track_ again before the next segment
  std::optional<size_t> last_rung_;
  mutable std::vector<double> rate_bitrates_bps_;  // the ladder × the playback rate, when it is not 1
  std::map<size_t, std::shared_ptr<const std::string>> init_cache_;  // rung → init segment (of period_)
  std::map<size_t, media::InitInfo> init_info_;  // rung → what its init segment says (live: chunk times, prft)
};

}  // namespace player
