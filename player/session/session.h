// A streaming session: one engine, two environments. The session loads (or
// is given) the presentation, runs one StreamLoader per stream on an
// EventLoop, keeps the playback clock in SessionCore, logs every segment and
// event, and returns the summary. Its environment is injected: a Clock and a
// TransportFactory. dash-player uses real time (SteadyClock) and HTTP, with a
// decode thread per stream; dash-abr-bench --model player and the tests use a
// ManualClock and a VirtualNetwork over a trace, without decoding, so a
// whole session runs in microseconds of CPU per simulated minute. Headless
// mode is the real pipeline with a null frame sink.
//
// Threads: run() is the loop thread; the controls (stop, pause, seek, pin,
// set_abr) may be called from any thread and take effect on the loop; stop()
// is async-signal-safe.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "media/clock.h"
#include "media/error.h"
#include "player/av/frame_sink.h"
#include "player/net/transport.h"
#include "player/session/event_loop.h"
#include "player/session/live_session.h"
#include "player/session/periods.h"
#include "player/session/presentation.h"
#include "player/session/session_core.h"
#include "player/session/steering_client.h"
#include "player/session/stream_loader.h"
#include "player/session/subtitle_loader.h"
#include "player/session/summary.h"
#include "player/text/cue_store.h"

namespace player {

struct SessionOptions {
  std::string url;                       // MPD URL or path
  std::string abr = "default";           // algorithm name (player/abr registry), or exec:CMD (player/abr_exec)
  double max_buffer_s = 30;              // --max-buffer
  double startup_target_s = 1.0;         // media buffered before the first frame plays
  double rebuffer_target_s = 2.0;        // --rebuffer-target: media buffered before a stall ends
  bool decode = true;                    // false: --no-decode (network only)
  bool fast = false;                     // --fast: no real-time pacing
  int decoder_threads = 0;               // 0 = one per core
  std::string lang;                      // --lang: preferred audio language
  std::string audio_role;                // --audio-role: preferred audio Role (main, commentary, ...)
  std::string subtitles;                 // --subs: language of the subtitles shown; empty or "off": none
  std::string codec;                     // --codec: video codec family to play (h264, hevc, av1, vp9)
  std::vector<std::string> base_urls;    // --base-url, tried after the MPD's own
  std::string log_path;                  // --log FILE (JSON lines)
  bool keep_events = true;               // keep events in memory (the simulator turns it off)
  size_t kept_records = EventLog::kKeptRecords;  // newest segment records and events kept in memory
  double stop_after_s = 0;               // stop after this much session time (0 = play to the end)
  double start_s = 0;                    // --start: media position to begin at (a segment boundary at or before)
  double rate = 1;                       // --rate: playback rate, 0.5 to 2 (on-demand presentations)
  std::optional<size_t> pinned_rung;     // --rung N: fixed video representation
  std::string session_id;                // X-Session-Id sent to the origin (shaping), CMCD sid; random if empty
  CmcdMode cmcd = CmcdMode::kOff;        // --cmcd: CTA-5004 data on every segment request
  std::string ca_file;                   // --ca-file: CA certificates (PEM) trusted for HTTPS instead of the system's
  bool insecure = false;                 // --insecure: HTTPS without certificate verification
  LoaderOptions loader;                  // retries, timeouts, abandonment
  LiveOptions live;                      // dynamic MPDs: target latency, catch-up
};

// Where the session runs. Every member may stay unset: real time, HTTP,
// the presentation loaded from options.url.
struct SessionEnvironment {
  media::Clock* clock = nullptr;                      // e.g. a ManualClock (virtual time)
  std::function<std::unique_ptr<TransportFactory>(EventLoop&)> network;  // makes the session's channels
  std::shared_ptr<const Presentation> presentation;   // already loaded
  std::unique_ptr<abr::AbrAlgorithm> algorithm;       // instead of options.abr from the registry
  std::optional<uint64_t> seed;                       // retry jitter; unset: random
  std::function<std::unique_ptr<Fetcher>()> fetcher;  // loads the MPD (unset: HTTP or file by URL)
  std::function<double()> wall_clock_unix_s;          // live: the local wall clock (unset: the system's)
  // A loop shared with other sessions (virtual time only; its clock must be
  // `clock`): several players on one link. Drive it with begin()/finish().
  EventLoop* loop = nullptr;
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
  bool live = false;
  double live_latency_s = 0;  // wall clock minus the presentation time playing (NaN before)
  double live_target_s = 0;   // the latency the session aims for
  double playback_rate = 1;
  std::string audio_track;  // "fr dub, mp4a.40.2"
  std::string subtitle_track;  // "en subtitle, wvtt", "off", or "" when the presentation has none
};

class Session {
 public:
  explicit Session(SessionOptions options, FrameSink* sink = nullptr, SessionEnvironment environment = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Plays to the end (or until stop()) and returns the summary, or the error
  // that made playback impossible. Blocking; call once.
  media::Result<SessionSummary> run();

  // On a shared loop (SessionEnvironment::loop): begin() starts the session
  // at the loop's present time (session time 0) and returns; `on_end` runs
  // on the loop once, when the session ends, stops or fails. After the
  // owner has run the loop, finish() returns the summary. run() is the three
  // steps on the session's own loop.
  media::Status begin(std::function<void()> on_end);
  media::Result<SessionSummary> finish();

  // Controls: any thread.
  void stop();
  void toggle_pause();
  void seek_by(double delta_s);
  // Playback rate, clamped to 0.5-2 (keys [ and ]); a live presentation
  // keeps its own catch-up rate and logs a warning instead.
  void set_rate(double rate);
  void seek_to(double position_s);
  void pin_rung(std::optional<size_t> rung);  // nullopt = automatic again
  // Live: back to the live edge (key l in a dynamic presentation).
  void seek_to_live();
  // Switches the ABR algorithm; returns its name, or an error for an unknown one.
  media::Result<std::string> set_abr(const std::string& name);
  // Plays the next audio track of the current Period (key a; l when not
  // live) and keeps to
  // its language and role in later Periods; the switch is heard once what
  // is buffered has played.
  void next_audio_track();
  // Shows the next subtitle track of the current Period (key s): off →
  // each track in MPD order → off; later Periods keep to its language.
  void next_subtitle_track();
  // The subtitle cues showing at presentation time `t_s` (the window asks at
  // the audio clock). Any thread.
  std::vector<text::TextCue> subtitle_cues_at(double t_s) const;
  SessionSnapshot snapshot() const;
  bool started() const { return started_.load(); }
  const Presentation* presentation() const { return presentation_.get(); }

  // Runs `action` on the loop at session time `t_s` (tests and the simulator
  // drive controls in virtual time this way). Call before run().
  void at(double t_s, std::function<void()> action);

  // What the session recorded (after run()).
  const EventLog& log() const { return log_; }

 private:
  struct StreamRuntime;
  FetcherOptions fetcher_options() const;
  media::Status load();
  // --lang, --audio-role, --codec, --base-url as the presentation applies them.
  PresentationOptions track_options() const;
  // Adds CMCD data to an MPD request (the first one and live refreshes).
  std::function<void(FetchRequest&)> mpd_request_hook() const;
  media::Status start_streams();
  void playback_changed();
  // Adds the events of Periods not seen yet (a live refresh appends Periods).
  void collect_events();
  // Logs the MPD events playback has reached and sets a timer for the next.
  void fire_events();
  // Logs the subtitle cues playback has reached ("subtitle_cue") and sets a
  // timer for the next cue's start.
  void fire_cues();
  // Starts the subtitle loader where playback is (after a seek or a track change).
  void restart_subtitles(size_t period, double position_s);
  void set_subtitle_label();
  void tick();
  // The track `kind` plays in Period `period` (nullptr: none).
  const StreamInfo* track(StreamKind kind, size_t period) const;
  void seek_now(double target_s);
  // Starts every loader at `position_s` (live: the start, a jump, a seek).
  void start_loaders_live(double position_s);
  void user_seek(double target_s);
  // The session is over: quits its own loop, or tells the shared loop's owner.
  void end_loop();
  void finish_streams();
  void start_live();
  // Content steering, when the MPD has it: the client that orders base_urls_.
  void start_steering();
  // Starts the loaders at the start position (or the live session).
  void begin_playback();
  void apply_rate(double rate);
  SessionSummary summarize();

  SessionOptions options_;
  FrameSink* sink_;
  SessionEnvironment env_;
  std::unique_ptr<media::Clock> own_clock_;  // when the environment has none
  media::Clock& clock_;
  std::unique_ptr<EventLoop> own_loop_;  // when the environment shares none
  EventLoop& loop_;
  EventLog log_;
  SessionCore core_;
  std::unique_ptr<TransportFactory> network_;
  std::shared_ptr<const Presentation> presentation_;
  AbrSlot abr_;
  std::unique_ptr<BaseUrlSelector> base_urls_;
  std::unique_ptr<SteeringClient> steering_;  // when the MPD names a steering server and pathways
  std::vector<std::unique_ptr<StreamRuntime>> streams_;
  EventLoop::TimerId runs_out_timer_ = 0;
  TrackPreference audio_preference_;         // loop thread: what audio track to play in each Period
  mutable std::mutex track_mutex_;           // guards audio_track_ (loop thread writes, the HUD reads)
  std::string audio_track_;
  std::string subtitle_track_;               // guarded by track_mutex_ too
  std::optional<TrackPreference> text_preference_;  // loop thread: the subtitles shown (nullopt: off)
  text::CueStore cues_;                      // thread-safe: the loop adds, the window reads
  std::unique_ptr<SubtitleLoader> subtitles_;  // when the presentation has subtitle tracks
  EventLoop::TimerId cue_timer_ = 0;
  std::vector<const MpdEvent*> events_;      // every Period's, by time
  size_t periods_with_events_ = 0;           // Periods whose events are in events_
  size_t next_event_ = 0;                    // the first not yet reached
  EventLoop::TimerId event_timer_ = 0;
  std::vector<std::pair<double, std::function<void()>>> scheduled_;  // at() before run()
  std::shared_ptr<Presentation> live_presentation_;  // the same object, growing (live only)
  std::unique_ptr<LiveSession> live_;                // destroyed first: it uses the loop and network
  std::atomic<bool> started_{false};
  bool ran_ = false;
  std::function<void()> on_end_;  // shared loop: the owner's callback
  bool ended_ = false;            // on_end_ was called
};

}  // namespace player
