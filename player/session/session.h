// A streaming session: loads the presentation, runs a download loop and a
// decode thread per stream, drives the playback clock, logs every segment and
// event, and returns the summary. Headless mode is this same pipeline with a
// null frame sink; the desktop player passes its SDL sink and calls the
// controls from its UI thread.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "media/error.h"
#include "player/av/frame_sink.h"
#include "player/session/decode_worker.h"
#include "player/session/presentation.h"
#include "player/session/stream_loader.h"
#include "player/session/switchable_chooser.h"
#include "player/session/summary.h"

namespace player {

struct SessionOptions {
  std::string url;                       // MPD URL or path
  std::string abr = "default";           // algorithm name (player/abr registry)
  double max_buffer_s = 30;              // --max-buffer
  double startup_target_s = 1.0;         // media buffered before the first frame plays
  double rebuffer_target_s = 2.0;        // --rebuffer-target: media buffered before a stall ends
  bool decode = true;                    // false: --no-decode (network only)
  bool fast = false;                     // --fast: no real-time pacing
  int decoder_threads = 0;               // 0 = one per core
  std::string lang;                      // --lang
  std::vector<std::string> base_urls;    // --base-url, tried after the MPD's own
  std::string log_path;                  // --log FILE (JSON lines)
  double stop_after_s = 0;               // stop after this much wall time (0 = play to the end)
  std::optional<size_t> pinned_rung;     // --rung N: fixed video representation
  std::string session_id;                // X-Session-Id sent to the origin (shaping); random if empty
  LoaderOptions loader;                  // retries, timeouts, abandonment
};

// What the HUD shows; a copy taken under the session lock.
struct SessionSnapshot {
  PlayState state = PlayState::kStartup;
  double position_s = 0;
  double duration_s = 0;
  double video_buffer_s = 0;
  double audio_buffer_s = 0;
  double estimate_bps = 0;
  std::string video_representation;
  double video_bitrate_bps = 0;
  std::string resolution;
  int stalls = 0;
  double stall_s = 0;
  std::string abr_name;
  std::string abr_reason;
};

class Session {
 public:
  Session(SessionOptions options, FrameSink* sink = nullptr);
  ~Session();

  // Plays to the end (or until stop()) and returns the summary, or the error
  // that made playback impossible. Blocking; call once.
  media::Result<SessionSummary> run();

  // Thread-safe controls (the desktop UI calls them from its own thread).
  void stop();
  void toggle_pause();
  void seek_by(double delta_s);
  void seek_to(double position_s);
  // Fixes the video rung (nullopt = automatic again).
  void pin_rung(std::optional<size_t> rung);
  // Switches the ABR algorithm; returns its name, or an error for an unknown one.
  media::Result<std::string> set_abr(const std::string& name);
  SessionSnapshot snapshot() const;
  // True once the presentation is loaded and the streams run.
  bool started() const { return started_.load(); }

  const Presentation* presentation() const { return presentation_.get(); }

 private:
  media::Status start_streams();
  void drive_clock();
  void join_all();
  void finish_streams();
  DecodeWorker::Wait wait_for_clock(double pts_s, bool video);
  SessionSummary summarize();

  SessionOptions options_;
  FrameSink* sink_;
  EventLog log_;
  std::unique_ptr<Presentation> presentation_;
  std::unique_ptr<SessionCore> core_;
  std::unique_ptr<SwitchableChooser> chooser_;
  std::atomic<double> video_estimate_bps_{0};
  struct StreamRuntime;
  std::vector<std::unique_ptr<StreamRuntime>> streams_;
  std::optional<double> first_frame_s_;
  std::mutex first_frame_mutex_;  // guards first_frame_s_
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> started_{false};
};

}  // namespace player
