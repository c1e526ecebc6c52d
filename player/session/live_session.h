// The live side of a session (a dynamic MPD): synchronises the wall clock by
// UTCTiming, picks the start position (live edge minus the target latency),
// gates every segment request on its availability time, refreshes the MPD
// every minimumUpdatePeriod (and when a loader runs out of known segments),
// and holds the edge by playback rate and jumps (LiveEdge). Owned by the
// Session; everything runs on its loop thread, except latency_s() (any thread).
#pragma once

#include <atomic>
#include <functional>
#include <limits>
#include <memory>
#include <optional>

#include "player/net/clock_sync.h"
#include "player/net/transport.h"
#include "player/session/event_log.h"
#include "player/session/event_loop.h"
#include "player/session/live_edge.h"
#include "player/session/mpd_refresh.h"
#include "player/session/presentation.h"
#include "player/session/segment_gate.h"
#include "player/session/session_core.h"

namespace player {

struct LiveOptions {
  double delay_s = 0;           // --live-delay: target latency (0: ServiceDescription, suggestedPresentationDelay, 3 segments)
  double max_rate = 1.1;        // --live-max-rate: catch-up playback rate cap (1: jumps only)
  double min_rate = 0.95;       // --live-min-rate: slowest playback on a low buffer (1: never slower)
  double jump_threshold_s = 0;  // behind the target by more than this: jump (0: max(3 s, 2 segments))
  std::function<void(FetchRequest&)> on_mpd_request;  // adds to every refresh request (CMCD); may be empty
  // --lang, --audio-role, --codec and --base-url as the first load applied
  // them: Periods a refresh adds are chosen alike.
  PresentationOptions tracks;
};

// The latency the session aims for (see target_latency_s in live_window.h),
// no lower than the session can hold: `chunk_appends` says whether chunks of
// a low-latency stream reach the buffer as they arrive (else whole segments do).
double live_target_latency_s(const Presentation& p, const LiveOptions& options, bool chunk_appends);
// Whether the session appends a low-latency stream's chunks as they arrive:
// the MPD announces chunks (availabilityTimeOffset) and the network hands
// over bytes as they come.
bool live_chunk_appends(const Presentation& p, bool network_streams_body);

class LiveSession final : public SegmentGate {
 public:
  struct Hooks {
    std::function<void(double position_s)> start;  // clock synced: start the loaders here
    std::function<void(double position_s)> jump;   // far behind: restart at this position
    std::function<void()> changed;                 // more segments or Periods, the end, or a new rate: wake the loaders
  };
  // `presentation` must be live (p.live set) and outlive this object.
  LiveSession(Presentation& presentation, LiveOptions options, SessionCore& core, EventLog& log, EventLoop& loop,
              TransportFactory& network, std::function<double()> local_unix_s, Hooks hooks);
  ~LiveSession() override;

  // Syncs the clock, then calls hooks.start; then refreshes and holds the edge.
  void begin();
  void stop();

  double wait_s(StreamKind kind, const media::SegmentRef& segment) override;
  bool more_coming(StreamKind kind) override;
  void not_found(StreamKind kind) override;
  void producer_time(double presentation_s, double capture_unix_s) override;
  bool chunk_appends(StreamKind kind) const override;

  // The user moved away from the edge (seek back, pause: time shift) or back
  // to it. While not following, the latency is reported but not corrected.
  void set_following(bool following) { following_ = following; }
  bool following() const { return following_; }
  // The oldest position still in the time-shift window (one segment of
  // margin, so that it is not gone by the time it is fetched).
  double window_start_s() const;
  // Where playback would be at the target latency now.
  double edge_position_s() const;
  // Wall clock (Unix s), synchronised with the server.
  double wall_now_s() const { return local_unix_s_() + offset_s_; }
  double target_latency_s() const override { return target_s_; }
  // Latency at the last edge tick (NaN before playback). Any thread.
  double latency_s() const override { return latency_s_.load(); }
  const LiveStats& stats() const { return stats_; }

 private:
  void synced(const ClockSync::Outcome& outcome);
  void arm_refresh();  // the next periodic refresh (minimumUpdatePeriod)
  void refresh(const char* why);  // why: logged with the result
  void refresh_soon(StreamKind kind);
  void refreshed(media::Result<Presentation> fresh, const char* why);
  void tick();
  double segment_s() const;

  Presentation& p_;
  LiveOptions options_;
  SessionCore& core_;
  EventLog& log_;
  EventLoop& loop_;
  std::function<double()> local_unix_s_;
  Hooks hooks_;
  std::unique_ptr<Transport> time_channel_;
  ClockSync clock_sync_;
  std::unique_ptr<MpdRefresher> refresher_;
  LiveEdge edge_;
  LiveStats stats_;
  double offset_s_ = 0;  // server wall clock minus local wall clock
  double target_s_ = 0;
  double rate_ = 1;
  bool chunk_appends_ = false;  // live_chunk_appends()
  double last_refresh_s_ = -1e300;
  double last_tick_s_ = 0;
  bool following_ = true;  // holding the target latency (false after a user seek back or pause)
  EventLoop::TimerId refresh_timer_ = 0;
  EventLoop::TimerId soon_timer_ = 0;
  EventLoop::TimerId tick_timer_ = 0;
  std::atomic<double> latency_s_;
  // Capture wall clock minus presentation time, from the latest prft (NaN: none yet).
  double capture_offset_s_ = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace player
