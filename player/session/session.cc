#include "player/session/session.h"

#include <cmath>
#include <random>
#include <thread>

#include "player/abr_exec/any_algorithm.h"
#include "player/net/threaded_transport.h"
#include "player/session/decode_worker.h"
#include "player/session/live_presentation.h"

namespace player {
namespace {

// A decoded frame later than this behind the clock is dropped, not shown.
constexpr double kLateFrameS = 0.1;
// In real time the playback clock moves (and decoders are woken) this often.
constexpr double kTickS = 0.01;
constexpr double kFastTickS = 0.002;
// Live: a user seek to within this of the edge keeps holding the target latency.
constexpr double kFollowEdgeWithinS = 1.0;

std::string random_session_id() {
  std::random_device rd;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%08x%08x", rd(), rd());
  return buf;
}

class NullSink : public FrameSink {};

media::Clock& clock_of(const SessionEnvironment& env, std::unique_ptr<media::Clock>& own) {
  if (env.clock != nullptr) return *env.clock;
  own = std::make_unique<media::SteadyClock>();
  return *own;
}

}  // namespace

struct Session::StreamRuntime {
  StreamKind kind;
  std::unique_ptr<media::BoundedQueue<DownloadedSegment>> queue;
  std::unique_ptr<StreamLoader> loader;
  std::unique_ptr<DecodeWorker> decoder;
  std::thread decoder_thread;
};

Session::Session(SessionOptions options, FrameSink* sink, SessionEnvironment environment)
    : options_(std::move(options)),
      sink_(sink),
      env_(std::move(environment)),
      clock_(clock_of(env_, own_clock_)),
      loop_(clock_),
      core_(clock_, log_) {
  if (options_.session_id.empty()) options_.session_id = random_session_id();
  log_.keep_events(options_.keep_events);
}

Session::~Session() {
  stop();
  for (auto& s : streams_) {
    if (s->loader) s->loader->stop();
    if (s->queue) s->queue->cancel();
    if (s->decoder_thread.joinable()) s->decoder_thread.join();
  }
}

void Session::stop() {
  core_.stop();
  // Real time: the next tick (within 10 ms) ends the loop; only an atomic
  // store here, so a signal handler may call this. Virtual time: this runs
  // on the loop thread itself.
  if (!loop_.real_time()) loop_.quit();
}

void Session::toggle_pause() {
  loop_.post([this] {
    if (!started_.load()) return;
    if (live_) live_->set_following(false);  // a pause shifts time; key l returns to the edge
    core_.toggle_pause();
    playback_changed();
  });
}

void Session::seek_by(double delta_s) {
  loop_.post([this, delta_s] {
    if (started_.load()) user_seek(core_.position_s() + delta_s);
  });
}

void Session::seek_to(double position_s) {
  loop_.post([this, position_s] {
    if (started_.load()) user_seek(position_s);
  });
}

// Live: a seek back into the time-shift window stops the catch-up (or it
// would jump straight back); one to (near) the edge resumes it.
void Session::user_seek(double position_s) {
  seek_now(position_s);
  if (live_) live_->set_following(live_->edge_position_s() - core_.position_s() < kFollowEdgeWithinS);
}

void Session::pin_rung(std::optional<size_t> rung) {
  loop_.post([this, rung] {
    abr_.pinned_rung = rung;
    log_.event(core_.now_s(), "pin", {{"rung", rung ? nlohmann::json(*rung) : nlohmann::json("auto")}});
  });
}

media::Result<std::string> Session::set_abr(const std::string& name) {
  auto next = abr_exec::make_any_algorithm(name);
  if (!next.ok()) return next.error();
  const std::string chosen(next.value()->name());
  auto shared = std::make_shared<std::unique_ptr<abr::AbrAlgorithm>>(std::move(next).value());
  loop_.post([this, shared] {
    if (!presentation_ || !presentation_->video) return;
    abr_.algorithm = std::move(*shared);
    VideoStatus status = core_.video_status();
    status.abr_name = std::string(abr_.algorithm->name());
    core_.set_video_status(status);  // the HUD names it at once, not after the next segment
    log_.event(core_.now_s(), "abr", {{"abr", status.abr_name}});
  });
  return chosen;
}

void Session::at(double t_s, std::function<void()> action) { scheduled_.emplace_back(t_s, std::move(action)); }

SessionSnapshot Session::snapshot() const {
  SessionSnapshot s;
  if (!started_.load()) return s;
  const PlaybackState p = core_.playback();
  const VideoStatus v = core_.video_status();
  const double now = core_.now_s();
  s.state = p.state();
  s.position_s = p.position_s();
  s.duration_s = p.duration_s();
  s.video_buffer_s = p.buffer_s(StreamKind::kVideo);
  s.audio_buffer_s = p.buffer_s(StreamKind::kAudio);
  s.estimate_bps = v.estimate_bps;
  s.video_representation = v.representation;
  s.video_bitrate_bps = v.bitrate_bps;
  s.resolution = v.resolution;
  s.abr_reason = v.reason.text();
  s.stalls = static_cast<int>(p.stalls().size());
  s.stall_s = p.total_stall_s(now);
  s.abr_name = v.abr_name.empty() ? options_.abr : v.abr_name;
  s.playback_rate = p.rate();
  if (live_) {
    s.live = true;
    s.live_latency_s = live_->latency_s();
    s.live_target_s = live_->target_latency_s();
  }
  return s;
}

media::Status Session::load() {
  if (env_.presentation) {
    if (env_.presentation->live)
      return media::make_error(media::ErrorCode::kUnsupported, "a live presentation must be loaded by the session");
    presentation_ = env_.presentation;
    return {};
  }
  FetcherOptions fo;
  fo.session_id = options_.session_id;
  fo.stop = &core_.stop_flag();
  auto fetcher = env_.fetcher ? env_.fetcher() : make_fetcher(fo);
  PresentationOptions po;
  po.lang = options_.lang;
  po.extra_base_urls = options_.base_urls;
  po.wall_clock_unix_s = env_.wall_clock_unix_s;
  auto loaded = load_presentation(*fetcher, options_.url, po);
  if (!loaded.ok()) return loaded.error();
  auto p = std::make_shared<Presentation>(std::move(loaded).value());
  if (p->live) live_presentation_ = p;  // refreshes append to it
  presentation_ = std::move(p);
  return {};
}

// After anything that moves the playback clock: notice the end, wake the
// loaders (one may wait for room) and set the timer for when the buffer runs out.
void Session::playback_changed() {
  core_.advance();
  if (core_.state() == PlayState::kEnded || core_.stopped()) {
    loop_.quit();
    return;
  }
  for (auto& s : streams_) s->loader->wake();
  // A timer already due earlier stays: it fires, finds time left and sets
  // the next one (cheaper than rescheduling after every segment).
  const double left_s = core_.until_buffer_runs_out_s();
  const double due_s = loop_.now_s() + left_s;
  if (options_.fast || !std::isfinite(left_s) || loop_.due_s(runs_out_timer_) <= due_s) return;
  loop_.cancel(runs_out_timer_);
  runs_out_timer_ = loop_.at(due_s, [this] {
    runs_out_timer_ = 0;
    playback_changed();
  });
}

// Real time only: moves the playback clock for the decoders and the HUD, and
// notices stop() and the time limit.
void Session::tick() {
  if (core_.stopped()) {
    loop_.quit();
    return;
  }
  playback_changed();
  loop_.after(options_.fast ? kFastTickS : kTickS, [this] { tick(); });
}

media::Status Session::start_streams() {
  static NullSink null_sink;
  FrameSink& sink = sink_ != nullptr ? *sink_ : null_sink;
  const uint64_t seed = env_.seed ? *env_.seed : std::random_device{}();
  for (StreamKind kind : {StreamKind::kVideo, StreamKind::kAudio}) {
    const StreamInfo* info = presentation_->stream(kind);
    if (info == nullptr) continue;
    auto rt = std::make_unique<StreamRuntime>();
    rt->kind = kind;
    if (options_.decode) {
      // Enough room for the whole buffer plus one segment in flight.
      const double seg_s = std::max(0.5, info->segment(0, 0).duration_s());
      rt->queue = std::make_unique<media::BoundedQueue<DownloadedSegment>>(
          static_cast<size_t>(options_.max_buffer_s / seg_s) + 2);
      const bool video = kind == StreamKind::kVideo;
      auto wait = [this, &sink, video](double pts_s) {
        const FrameWait w = core_.wait_for_frame(pts_s, sink.lead_s(video), options_.fast, kLateFrameS);
        if (w == FrameWait::kPresent && video) core_.note_first_frame(pts_s);
        return w == FrameWait::kPresent ? DecodeWorker::Wait::kPresent
                                        : (w == FrameWait::kDrop ? DecodeWorker::Wait::kDrop : DecodeWorker::Wait::kStop);
      };
      auto on_error = [this](const std::string& message, bool fatal) {
        if (fatal) core_.fail(media::make_error(media::ErrorCode::kParse, message));
        else log_.event(core_.now_s(), "error", {{"error", message}});
      };
      rt->decoder = std::make_unique<DecodeWorker>(kind, *rt->queue, sink, wait, on_error, core_.generation(),
                                                   options_.decoder_threads);
    }
    LoaderOptions lo = options_.loader;
    lo.max_buffer_s = options_.max_buffer_s;
    lo.fast = options_.fast;
    lo.gate = live_.get();
    rt->loader = std::make_unique<StreamLoader>(kind, *info, core_, log_, loop_, network_->make_channel(), *base_urls_,
                                                abr_, rt->queue.get(), lo, seed + static_cast<uint64_t>(kind),
                                                [this] { playback_changed(); });
    streams_.push_back(std::move(rt));
  }
  for (auto& rt : streams_)
    if (rt->decoder) rt->decoder_thread = std::thread([dec = rt->decoder.get()] { dec->run(); });
  return {};
}

// The index of the segment of `kind` that holds time t (the last one at or before it).
size_t Session::index_at(StreamKind kind, double t_s) const {
  const StreamInfo* s = presentation_->stream(kind);
  size_t index = 0;
  for (size_t i = 0; i < s->segment_count(); ++i)
    if (s->segment(0, i).start_s() <= t_s + 1e-6) index = i;
  return index;
}

void Session::seek_now(double target_s) {
  const StreamKind lead = presentation_->video ? StreamKind::kVideo : StreamKind::kAudio;
  double start = 0;
  if (live_) {
    // Live: anywhere in the time-shift window up to the edge; the decoder
    // drops the frames before the position, so latency is exact.
    start = std::clamp(target_s, live_->window_start_s(), live_->edge_position_s());
  } else {
    target_s = std::clamp(target_s, 0.0, std::max(0.0, presentation_->duration_s - 0.5));
    // Restart at a segment boundary of the lead stream (a key frame), so the
    // first frame after the seek can be decoded.
    start = presentation_->stream(lead)->segment(0, index_at(lead, target_s)).start_s();
  }
  core_.seek(start);
  log_.event(core_.now_s(), "seek", {{"target_s", target_s}, {"position_s", start}});
  for (auto& rt : streams_)
    if (rt->queue) rt->queue->clear();
  if (sink_ != nullptr) sink_->flush();
  for (auto& rt : streams_) rt->loader->start(index_at(rt->kind, start));
  playback_changed();
}

void Session::seek_to_live() {
  loop_.post([this] {
    if (!started_.load() || !live_) return;
    seek_now(live_->edge_position_s());
    live_->set_following(true);
  });
}

// Live: the loaders start once the clock is synchronised, at the edge.
void Session::start_live() {
  LiveSession::Hooks hooks;
  hooks.start = [this](double position_s) {
    core_.seek(position_s);
    log_.event(core_.now_s(), "live_start", {{"position_s", position_s}});
    for (auto& rt : streams_) rt->loader->start(index_at(rt->kind, position_s));
    playback_changed();
  };
  hooks.jump = [this](double position_s) { seek_now(position_s); };
  hooks.changed = [this] { playback_changed(); };
  live_ = std::make_unique<LiveSession>(*live_presentation_, options_.live, core_, log_, loop_, *network_,
                                        [this] { return unix_now_s(env_.wall_clock_unix_s); }, std::move(hooks));
}

void Session::finish_streams() {
  const bool ended = core_.state() == PlayState::kEnded;
  if (live_) live_->stop();
  for (auto& s : streams_) s->loader->stop();
  // After the end the decoders finish what is queued (all of it in --fast
  // mode); a session stopped early drops it.
  if (!ended) core_.stop();
  for (auto& s : streams_)
    if (s->queue) {
      if (ended) s->queue->close();
      else s->queue->cancel();
    }
  core_.notify();
  for (auto& s : streams_)
    if (s->decoder_thread.joinable()) s->decoder_thread.join();
  core_.stop();
}

media::Result<SessionSummary> Session::run() {
  if (ran_) return media::make_error(media::ErrorCode::kInternal, "Session::run called twice");
  ran_ = true;
  // The session clock starts before the MPD is fetched: start-up includes it.
  core_.start();
  DS_RETURN_IF_ERROR(log_.open(options_.log_path));
  DS_RETURN_IF_ERROR(load());
  for (const auto& w : presentation_->warnings) log_.event(0, "warning", {{"message", w}});
  if (!presentation_->video && !presentation_->audio)
    return media::make_error(media::ErrorCode::kUnsupported, options_.url + ": nothing to play");

  if (env_.algorithm) {
    abr_.algorithm = std::move(env_.algorithm);
  } else {
    auto algorithm = abr_exec::make_any_algorithm(options_.abr);
    if (!algorithm.ok()) return algorithm.error();
    abr_.algorithm = std::move(algorithm).value();
  }
  abr_.pinned_rung = options_.pinned_rung;
  size_t base_count = 1;
  double startup_target_s = options_.startup_target_s, rebuffer_target_s = options_.rebuffer_target_s;
  if (live_presentation_) {
    // Live: waiting for more buffer than half the target latency adds to the
    // latency itself (the edge moves on while the player waits).
    const double half_target_s = live_target_latency_s(*live_presentation_, options_.live) / 2;
    startup_target_s = std::min(startup_target_s, half_target_s);
    rebuffer_target_s = std::min(rebuffer_target_s, half_target_s);
  }
  PlaybackState state(presentation_->duration_s, startup_target_s, rebuffer_target_s);
  state.set_fast(options_.fast);
  for (StreamKind kind : {StreamKind::kVideo, StreamKind::kAudio})
    if (const StreamInfo* s = presentation_->stream(kind)) {
      state.set_active(kind, true);
      base_count = std::max(base_count, s->representations.front().base_urls.size());
    }
  base_urls_ = std::make_unique<BaseUrlSelector>(base_count);
  core_.set_playback(std::move(state));
  if (env_.network) {
    network_ = env_.network(loop_);
  } else {
    FetcherOptions fo;
    fo.session_id = options_.session_id;
    network_ = std::make_unique<ThreadedTransportFactory>(loop_, fo);
  }
  log_.event(core_.now_s(), "loaded",
             {{"url", options_.url}, {"abr", presentation_->video ? std::string(abr_.algorithm->name()) : "none"},
              {"session_id", options_.session_id}, {"duration_s", presentation_->duration_s}});

  if (live_presentation_) start_live();
  DS_RETURN_IF_ERROR(start_streams());
  started_.store(true);
  const double origin_s = clock_.now_s() - core_.now_s();  // clock time of session time 0
  for (auto& [t_s, action] : scheduled_) loop_.at(origin_s + t_s, std::move(action));
  if (options_.stop_after_s > 0)
    loop_.at(origin_s + options_.stop_after_s, [this] {
      log_.event(core_.now_s(), "stopped", {{"reason", "time limit"}});
      loop_.quit();
    });
  if (loop_.real_time()) tick();
  if (live_) {
    live_->begin();
  } else {
    for (auto& rt : streams_) rt->loader->start(0);
    playback_changed();
  }
  if (!core_.stopped() && core_.state() != PlayState::kEnded && !loop_.run())
    core_.fail(media::make_error(media::ErrorCode::kInternal, "session stalled: nothing left to wait for"));
  finish_streams();
  const double wall = core_.now_s();

  if (auto fatal = core_.fatal()) return *fatal;
  SessionSummary s = summarize();
  s.wall_s = wall;
  if (wall > 0) s.decode_fps = double(s.video_frames) / wall;
  log_.summary(to_json(s));
  return s;
}

SessionSummary Session::summarize() {
  std::vector<double> ladder;
  std::vector<std::string> ids;
  if (presentation_->video)
    for (const auto& r : presentation_->video->representations) {
      ladder.push_back(double(r.representation->bandwidth));
      ids.push_back(r.representation->id);
    }
  SessionSummary s = player::summarize(log_.segments(), log_.events(), ladder, ids);
  s.url = options_.url;
  s.abr = presentation_->video ? std::string(abr_.algorithm->name()) : "none";
  const PlaybackState p = core_.playback();
  s.startup_s = p.startup_delay_s();
  s.played_s = p.position_s();
  s.stalls = static_cast<int>(p.stalls().size());
  s.stall_s = p.total_stall_s(core_.now_s());
  s.first_frame_s = core_.first_frame_s();
  if (live_) {
    const LiveStats& l = live_->stats();
    s.live = true;
    s.target_latency_s = l.target_latency_s;
    if (!l.latency_samples_s.empty()) {
      s.latency_p50_s = l.percentile(0.5);
      s.latency_p95_s = l.percentile(0.95);
    }
    s.live_jumps = l.jumps;
    s.catchup_s = l.faster_s;
  }
  for (const auto& rt : streams_) {
    if (!rt->decoder) continue;
    DecodeStats d = rt->decoder->stats();
    s.frames_decoded += d.frames;
    s.frames_dropped += d.frames_dropped;
    if (rt->kind == StreamKind::kVideo) s.video_frames = d.frames;
  }
  return s;
}

}  // namespace player
