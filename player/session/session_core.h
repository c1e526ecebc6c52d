// State shared by the threads of one streaming session: the playback clock
// (under one mutex), the stop flag, the seek generation, BaseURL selection,
// the event log and the first fatal error.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

#include "media/error.h"
#include "player/net/base_url_selector.h"
#include "player/session/event_log.h"
#include "player/session/playback_state.h"

namespace player {

struct SessionCore {
  // `session_start`: when the session began (before the MPD was fetched), the
  // origin of every time in the log.
  SessionCore(PlaybackState initial_state, size_t base_url_count, EventLog& event_log,
              std::chrono::steady_clock::time_point session_start)
      : start(session_start), state(std::move(initial_state)), base_urls(base_url_count), log(event_log) {}

  // Seconds since the session started (steady clock).
  double now_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  // Records the first fatal error and stops the session.
  void fail(const media::Error& error) {
    {
      std::scoped_lock lock(mutex);
      if (!fatal) fatal = error;
    }
    stop.store(true);
    changed.notify_all();
  }

  // Sleeps up to `seconds`, waking early on stop or a new generation.
  void sleep_for(double seconds) {
    std::unique_lock lock(mutex);
    uint64_t gen = generation.load();
    changed.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return stop.load() || generation.load() != gen; });
  }

  const std::chrono::steady_clock::time_point start;

  std::mutex mutex;                   // guards state, seek_index, fatal
  std::condition_variable changed;    // state advanced, seek, stop
  PlaybackState state;
  std::array<size_t, kStreamKinds> seek_index{};  // where each stream restarts after a seek
  std::optional<media::Error> fatal;

  // Latest video decision, for the HUD.
  struct VideoStatus {
    size_t rung = 0;
    std::string representation;
    double bitrate_bps = 0;
    std::string resolution;
    std::string reason;
    double estimate_bps = 0;
  };
  VideoStatus video_status;  // guarded by mutex

  std::atomic<bool> stop{false};
  std::atomic<int> pinned_rung{-1};     // ≥ 0: fixed video rung (--rung, UI keys 1..9)
  std::atomic<uint64_t> generation{0};  // bumped by every seek
  BaseUrlSelector base_urls;
  EventLog& log;
};

}  // namespace player
