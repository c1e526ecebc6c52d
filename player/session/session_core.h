// The playback side of one session, shared by its threads: the playback
// clock (PlaybackState), the seek generation, the first fatal error, the stop
// flag and what the HUD shows. The session's loop thread is the only writer
// of the playback state; decoder threads wait here until their frames are
// due; the UI thread reads snapshots. One mutex guards everything below it;
// nothing is logged or called while it is held.
#pragma once

#include <atomic>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <optional>
#include <string>

#include "media/clock.h"
#include "media/error.h"
#include "player/abr/types.h"
#include "player/session/event_log.h"
#include "player/session/playback_state.h"

namespace player {

// The latest video decision, for the HUD.
struct VideoStatus {
  size_t rung = 0;
  std::string representation;
  double bitrate_bps = 0;
  std::string resolution;
  abr::Reason reason;
  double estimate_bps = 0;
  std::string abr_name;
};

// The playback state as one stream's loader needs it, read in one go.
struct StreamView {
  PlayState state = PlayState::kStartup;
  abr::PlaybackState abr_state = abr::PlaybackState::kStartup;
  double buffer_s = 0;       // of the stream
  double total_stall_s = 0;  // of the session so far
  double rate = 1;           // media seconds per clock second
};

// What a decoder should do with a frame.
enum class FrameWait { kPresent, kDrop, kStop };

class SessionCore {
 public:
  SessionCore(media::Clock& clock, EventLog& log);

  // Loop thread. Starts the session clock now.
  void start();
  // Loop thread. Installs the playback state once the streams are known
  // (their buffers set active); start-up still counts from start().
  void set_playback(PlaybackState state);
  // Seconds since start() (0 before). Any thread.
  double now_s() const;

  // Loop thread: these move the playback clock to now first, and log what
  // changed (playing, stall_start, stall_end, ended).
  void advance();
  // Returns the stream's view after the append.
  StreamView append(StreamKind kind, double end_s);
  void finish(StreamKind kind);
  void toggle_pause();
  // Live catch-up: media seconds per clock second from now on.
  void set_rate(double rate);
  // Empties the buffers at `position_s` and bumps the generation.
  void seek(double position_s);

  // Loop thread: moves the playback clock to now (logging what changed) and
  // reads what a loader needs, under one lock.
  StreamView advance_and_view(StreamKind kind);

  // Any thread.
  PlayState state() const;
  double position_s() const;
  double buffer_s(StreamKind kind) const;
  double rate() const;  // media seconds per clock second
  double total_stall_s() const;
  // The state as an ABR algorithm sees it (a seek restarts like a start-up).
  abr::PlaybackState abr_state() const;
  // Session time until the buffer runs out while playing (infinity otherwise).
  double until_buffer_runs_out_s() const;
  PlaybackState playback() const;  // a copy, for the summary and the HUD
  const std::atomic<uint64_t>& generation() const { return generation_; }

  void set_video_status(VideoStatus status);
  VideoStatus video_status() const;

  // Decoder threads: blocks until the clock reaches `pts_s` minus the sink's
  // `lead_s` (kPresent), says the frame is more than `late_s` late (kDrop),
  // or the session stops (kStop). `fast`: never wait.
  FrameWait wait_for_frame(double pts_s, double lead_s, bool fast, double late_s);
  // Records the first presented video frame (once) and logs it.
  void note_first_frame(double pts_s);
  std::optional<double> first_frame_s() const;

  // Any thread: records the first fatal error and stops the session.
  void fail(const media::Error& error);
  std::optional<media::Error> fatal() const;
  // Any thread; async-signal-safe (one atomic store).
  void stop() { stop_.store(true); }
  bool stopped() const { return stop_.load(); }
  const std::atomic<bool>& stop_flag() const { return stop_; }
  // Wakes decoder threads waiting for their frames (after a change or a stop).
  void notify() { changed_.notify_all(); }

 private:
  abr::PlaybackState abr_state_locked() const;
  StreamView view_locked(StreamKind kind, double now_s) const;
  // Logs the transition from `before` to the current state. Called unlocked.
  // was_seeking: `before` was the wait for a seek's first segment.
  void log_transition(PlayState before, bool was_seeking, const PlaybackState& after);
  template <typename Change>
  void change(Change&& change_state);

  media::Clock& clock_;
  EventLog& log_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> generation_{0};  // bumped by every seek
  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable changed_;
  // Clock time of start() (NaN before): written once on the loop thread before
  // any other thread exists, read by all without the lock.
  std::atomic<double> start_s_{std::numeric_limits<double>::quiet_NaN()};
  PlaybackState state_{0, 0, 0};
  VideoStatus video_status_;
  std::optional<double> first_frame_s_;
  std::optional<media::Error> fatal_;
};

}  // namespace player
