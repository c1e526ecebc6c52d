#include "player/session/session.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <thread>

#include "player/abr_exec/any_algorithm.h"
#include "player/av/tempo_stretch.h"
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

EventLoop& loop_of(const SessionEnvironment& env, media::Clock& clock, std::unique_ptr<EventLoop>& own) {
  if (env.loop != nullptr) return *env.loop;
  own = std::make_unique<EventLoop>(clock);
  return *own;
}

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
      loop_(loop_of(env_, clock_, own_loop_)),
      core_(clock_, log_) {
  if (options_.session_id.empty()) options_.session_id = random_session_id();
  log_.keep_events(options_.keep_events);
  log_.set_kept_records(options_.kept_records);
}

Session::~Session() {
  core_.stop();  // not stop(): a shared loop may be running no more
  if (subtitles_) subtitles_->stop();
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
  if (!loop_.real_time()) end_loop();
}

void Session::end_loop() {
  if (!on_end_) {
    loop_.quit();
    return;
  }
  if (ended_) return;
  ended_ = true;
  // From a timer: the caller may be deep inside a loader, which stop() resets.
  loop_.at(loop_.now_s(), [this] {
    if (steering_) steering_->stop();
    for (auto& s : streams_) s->loader->stop();  // a stopped session frees its share of the link
    if (subtitles_) subtitles_->stop();
    on_end_();
  });
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

void Session::set_rate(double rate) {
  loop_.post([this, rate] {
    if (started_.load()) apply_rate(rate);
  });
}

void Session::apply_rate(double rate) {
  if (live_) {
    log_.event(core_.now_s(), "warning", {{"message", "the playback rate of a live presentation follows its latency"}});
    return;
  }
  rate = std::clamp(rate, kMinPlaybackRate, kMaxPlaybackRate);
  if (rate == core_.playback().rate()) return;
  core_.set_rate(rate);
  log_.event(core_.now_s(), "rate", {{"rate", rate}, {"position_s", core_.position_s()}});
  playback_changed();  // the buffer now runs out at another time
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
    if (!presentation_ || !presentation_->stream(StreamKind::kVideo)) return;
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
  std::scoped_lock lock(track_mutex_);
  s.audio_track = audio_track_;
  s.subtitle_track = subtitle_track_;
  return s;
}

FetcherOptions Session::fetcher_options() const {
  FetcherOptions fo;
  fo.session_id = options_.session_id;
  fo.ca_file = options_.ca_file;
  fo.insecure = options_.insecure;
  return fo;
}

std::function<void(FetchRequest&)> Session::mpd_request_hook() const {
  return [this](FetchRequest& request) {
    CmcdRequest c;
    c.ot.push_back('m');  // not = "m": GCC 12's -Wrestrict misfires on that (GCC bug 105329)
    c.su = !started_.load();  // startup: the first MPD request, not a refresh
    c.sid = options_.session_id;
    c.cid = cmcd_content_id(options_.url);
    apply_cmcd(options_.cmcd, c, request);
  };
}

PresentationOptions Session::track_options() const {
  PresentationOptions po;
  po.lang = options_.lang;
  po.audio_role = options_.audio_role;
  po.codec = options_.codec;
  po.extra_base_urls = options_.base_urls;
  return po;
}

media::Status Session::load() {
  if (env_.presentation) {
    if (env_.presentation->live)
      return media::make_error(media::ErrorCode::kUnsupported, "a live presentation must be loaded by the session");
    presentation_ = env_.presentation;
    return {};
  }
  FetcherOptions fo = fetcher_options();
  fo.stop = &core_.stop_flag();
  auto fetcher = env_.fetcher ? env_.fetcher() : make_fetcher(fo);
  PresentationOptions po = track_options();
  po.wall_clock_unix_s = env_.wall_clock_unix_s;
  po.on_mpd_request = mpd_request_hook();
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
    end_loop();
    return;
  }
  for (auto& s : streams_) s->loader->wake();
  if (subtitles_) subtitles_->wake();
  fire_events();
  fire_cues();
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

void Session::collect_events() {
  // Periods come in time order, and so do the events within each.
  for (; periods_with_events_ < presentation_->periods.size(); ++periods_with_events_)
    for (const auto& e : presentation_->periods[periods_with_events_].events) events_.push_back(&e);
}

void Session::fire_events() {
  const double position = core_.position_s();
  while (next_event_ < events_.size() && events_[next_event_]->start_s <= position + 1e-9) {
    const MpdEvent& e = *events_[next_event_++];
    nlohmann::json fields = {{"scheme", e.scheme_id_uri}, {"value", e.value}, {"start_s", e.start_s},
                             {"duration_s", e.duration_s}, {"message", e.message}};
    if (e.id) fields["id"] = *e.id;
    log_.event(core_.now_s(), "mpd_event", std::move(fields));
  }
  if (next_event_ >= events_.size() || core_.state() != PlayState::kPlaying) return;
  const double due_s = loop_.now_s() + (events_[next_event_]->start_s - position);
  if (loop_.due_s(event_timer_) <= due_s) return;
  loop_.cancel(event_timer_);
  event_timer_ = loop_.at(due_s, [this] {
    event_timer_ = 0;
    playback_changed();
  });
}

void Session::fire_cues() {
  if (!text_preference_) return;
  const double position = core_.position_s();
  const auto now_ms = static_cast<int64_t>(std::floor(position * 1000 + 1e-6));
  for (const text::TextCue& c : cues_.take_started(now_ms))
    log_.event(core_.now_s(), "subtitle_cue",
               {{"start_s", double(c.start_ms) / 1000}, {"end_s", double(c.end_ms) / 1000}, {"text", c.text},
                {"position_s", position}});
  const auto next_ms = cues_.next_start_after(now_ms);
  if (!next_ms || core_.state() != PlayState::kPlaying) return;
  // The playback clock runs at the playback rate: media seconds / rate = clock seconds.
  const double due_s = loop_.now_s() + (double(*next_ms) / 1000 - position) / core_.rate();
  if (loop_.due_s(cue_timer_) <= due_s) return;
  loop_.cancel(cue_timer_);
  cue_timer_ = loop_.at(due_s, [this] {
    cue_timer_ = 0;
    playback_changed();
  });
}

std::vector<text::TextCue> Session::subtitle_cues_at(double t_s) const {
  return cues_.active_at(static_cast<int64_t>(std::floor(t_s * 1000)));
}

void Session::set_subtitle_label() {
  std::string label = "off";
  if (text_preference_) {
    const size_t period = started_.load() ? period_at(*presentation_, core_.position_s()) : 0;
    const StreamInfo* t = track(StreamKind::kText, period);
    label = t ? t->label() : text_preference_->lang + " (none in this period)";
  }
  bool any = false;
  for (const auto& p : presentation_->periods) any = any || !p.text.empty();
  std::scoped_lock lock(track_mutex_);
  subtitle_track_ = any ? label : std::string();
}

void Session::restart_subtitles(size_t period, double position_s) {
  if (!subtitles_) return;
  cues_.clear();
  subtitles_->stop();
  if (!text_preference_) return;
  const StreamInfo* t = track(StreamKind::kText, period);
  subtitles_->start(period, t ? segment_at(*t, position_s) : 0);
}

void Session::next_subtitle_track() {
  loop_.post([this] {
    if (!presentation_ || !subtitles_ || !started_.load()) return;
    const size_t period = period_at(*presentation_, core_.position_s());
    const auto& tracks = presentation_->periods[period].text;
    if (tracks.empty()) return;
    // off → 0 → 1 → ... → off
    size_t next = 0;
    if (const StreamInfo* now = text_preference_ ? track(StreamKind::kText, period) : nullptr)
      next = static_cast<size_t>(now - tracks.data()) + 1;
    else if (text_preference_)
      next = tracks.size();  // a language this Period lacks: off
    if (next < tracks.size()) text_preference_ = preference_of(tracks[next]);
    else text_preference_.reset();
    set_subtitle_label();
    log_.event(core_.now_s(), "subtitle_track",
               {{"period", period}, {"track", next < tracks.size() ? tracks[next].label() : "off"}});
    restart_subtitles(period, core_.position_s());
    fire_cues();
  });
}

void Session::next_audio_track() {
  loop_.post([this] {
    if (!presentation_ || streams_.empty()) return;
    const size_t period = period_at(*presentation_, core_.position_s());
    const auto& tracks = presentation_->periods[period].audio;
    if (tracks.size() < 2) return;
    const size_t now = choose_track(tracks, audio_preference_).value_or(0);
    const StreamInfo& next = tracks[(now + 1) % tracks.size()];
    audio_preference_ = preference_of(next);
    {
      std::scoped_lock lock(track_mutex_);
      audio_track_ = next.label();
    }
    log_.event(core_.now_s(), "audio_track", {{"period", period}, {"track", next.label()}});
    for (auto& rt : streams_)
      if (rt->kind == StreamKind::kAudio) rt->loader->retrack();
  });
}

const StreamInfo* Session::track(StreamKind kind, size_t period) const {
  const PeriodStreams& p = presentation_->periods[period];
  switch (kind) {
    case StreamKind::kVideo: return p.video ? &*p.video : nullptr;
    case StreamKind::kAudio: {
      auto i = choose_track(p.audio, audio_preference_);
      return i ? &p.audio[*i] : nullptr;
    }
    case StreamKind::kText: {
      // Subtitles in the language asked for, or none: another language is no substitute.
      if (!text_preference_) return nullptr;
      auto i = choose_track(p.text, *text_preference_);
      if (!i || !(text_preference_->lang.empty() || same_language(p.text[*i].lang, text_preference_->lang)))
        return nullptr;
      return &p.text[*i];
    }
  }
  return nullptr;
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
    const StreamInfo* info = nullptr;
    for (size_t p = 0; p < presentation_->periods.size() && info == nullptr; ++p) info = track(kind, p);
    if (info == nullptr) continue;
    auto rt = std::make_unique<StreamRuntime>();
    rt->kind = kind;
    if (options_.decode) {
      // Enough room for the whole buffer plus one segment in flight.
      const double seg_s = std::max(0.5, info->segment_count() > 0 ? info->segment(0, 0).duration_s() : 0.0);
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
    lo.cmcd = options_.cmcd;
    lo.session_id = options_.session_id;
    lo.content_id = cmcd_content_id(options_.url);  // as the MPD request said
    rt->loader = std::make_unique<StreamLoader>(
        kind, *presentation_, [this, kind](size_t period) { return track(kind, period); }, core_, log_, loop_,
        network_->make_channel(), *base_urls_, abr_, rt->queue.get(), lo, seed + static_cast<uint64_t>(kind),
        [this] { playback_changed(); });
    streams_.push_back(std::move(rt));
  }
  bool has_text = false;
  for (const auto& p : presentation_->periods) has_text = has_text || !p.text.empty();
  if (has_text) {
    SubtitleLoaderOptions so;
    so.lead_s = options_.max_buffer_s;
    so.request_timeout_ms = options_.loader.request_timeout_ms;
    so.cmcd = options_.cmcd;
    so.session_id = options_.session_id;
    so.content_id = cmcd_content_id(options_.url);
    subtitles_ = std::make_unique<SubtitleLoader>(
        *presentation_, [this](size_t period) { return track(StreamKind::kText, period); }, core_, log_, loop_,
        network_->make_channel(), *base_urls_, cues_, so, [this] { fire_cues(); });
  }
  for (auto& rt : streams_)
    if (rt->decoder) rt->decoder_thread = std::thread([dec = rt->decoder.get()] { dec->run(); });
  return {};
}

void Session::seek_now(double target_s) {
  size_t period = 0;
  double start = 0;
  if (live_) {
    // Live: anywhere in the time-shift window up to the edge; the decoder
    // drops the frames before the position, so latency is exact.
    start = std::clamp(target_s, live_->window_start_s(), live_->edge_position_s());
    period = period_at(*presentation_, start);
  } else {
    target_s = std::clamp(target_s, 0.0, std::max(0.0, presentation_->duration_s - 0.5));
    period = period_at(*presentation_, target_s);
    const StreamInfo* video = track(StreamKind::kVideo, period);
    const StreamInfo* lead = video ? video : track(StreamKind::kAudio, period);
    // Restart at a segment boundary of the lead stream (a key frame), so the
    // first frame after the seek can be decoded.
    start = lead && lead->segment_count() > 0 ? lead->segment(0, segment_at(*lead, target_s)).start_s()
                                              : presentation_->periods[period].start_s;
  }
  core_.seek(start);
  log_.event(core_.now_s(), "seek", {{"target_s", target_s}, {"position_s", start}, {"period", period}});
  for (auto& rt : streams_)
    if (rt->queue) rt->queue->clear();
  if (sink_ != nullptr) sink_->flush();
  if (live_) {
    start_loaders_live(start);
  } else {
    for (auto& rt : streams_) {
      const StreamInfo* s = track(rt->kind, period);
      rt->loader->start(period, s ? segment_at(*s, start) : 0);
    }
  }
  next_event_ = 0;  // events before the new position are not logged again
  while (next_event_ < events_.size() && events_[next_event_]->start_s < start - 1e-9) ++next_event_;
  restart_subtitles(period, start);
  playback_changed();
}

void Session::seek_to_live() {
  loop_.post([this] {
    if (!started_.load() || !live_) return;
    seek_now(live_->edge_position_s());
    live_->set_following(true);
  });
}

void Session::start_loaders_live(double position_s) {
  const size_t period = period_at(*presentation_, position_s);
  for (auto& rt : streams_) {
    const StreamInfo* s = track(rt->kind, period);
    rt->loader->start(period, s ? segment_from(*s, position_s) : 0, position_s);
  }
}

// Live: the loaders start once the clock is synchronised, at the edge (in
// the last Period, unless it began less than the target latency ago).
void Session::start_live() {
  LiveSession::Hooks hooks;
  hooks.start = [this](double position_s) {
    core_.seek(position_s);
    const size_t period = period_at(*presentation_, position_s);
    log_.event(core_.now_s(), "live_start", {{"position_s", position_s}, {"period", period}});
    start_loaders_live(position_s);
    restart_subtitles(period, position_s);
    playback_changed();
  };
  hooks.jump = [this](double position_s) { seek_now(position_s); };
  hooks.changed = [this] {
    for (auto& rt : streams_) rt->loader->listing_changed();
    collect_events();
    playback_changed();
  };
  LiveOptions lo = options_.live;
  lo.on_mpd_request = mpd_request_hook();  // CMCD on every refresh as on the first request
  lo.tracks = track_options();
  live_ = std::make_unique<LiveSession>(*live_presentation_, lo, core_, log_, loop_, *network_,
                                        [this] { return unix_now_s(env_.wall_clock_unix_s); }, std::move(hooks));
}

void Session::finish_streams() {
  const bool ended = core_.state() == PlayState::kEnded;
  if (steering_) steering_->stop();
  if (live_) live_->stop();
  for (auto& s : streams_) s->loader->stop();
  if (subtitles_) subtitles_->stop();
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
  if (env_.loop != nullptr)
    return media::make_error(media::ErrorCode::kInternal, "Session::run on a shared loop: use begin()");
  DS_RETURN_IF_ERROR(begin({}));
  if (!core_.stopped() && core_.state() != PlayState::kEnded && !loop_.run())
    core_.fail(media::make_error(media::ErrorCode::kInternal, "session stalled: nothing left to wait for"));
  return finish();
}

media::Status Session::begin(std::function<void()> on_end) {
  if (ran_) return media::make_error(media::ErrorCode::kInternal, "Session started twice");
  ran_ = true;
  // An end callback goes with a shared loop (run() passes none for its own).
  if ((env_.loop != nullptr) != static_cast<bool>(on_end) || (env_.loop != nullptr && loop_.real_time()))
    return media::make_error(media::ErrorCode::kInternal, "a shared loop needs virtual time and an end callback");
  on_end_ = std::move(on_end);
  // The session clock starts before the MPD is fetched: start-up includes it.
  core_.start();
  DS_RETURN_IF_ERROR(log_.open(options_.log_path));
  DS_RETURN_IF_ERROR(load());
  for (const auto& w : presentation_->warnings) log_.event(0, "warning", {{"message", w}});
  if (presentation_->periods.empty())
    return media::make_error(media::ErrorCode::kUnsupported, options_.url + ": nothing to play");
  if (!(options_.start_s >= 0 && options_.start_s < presentation_->duration_s)) {
    char why[160];
    std::snprintf(why, sizeof why, "--start %g s is outside the presentation (0 to %g s)", options_.start_s,
                  presentation_->duration_s);
    return media::make_error(media::ErrorCode::kInvalidArgument, why);
  }
  audio_preference_ = {options_.lang, options_.audio_role};
  if (!options_.subtitles.empty() && options_.subtitles != "off") {
    text_preference_ = TrackPreference{options_.subtitles, ""};
    bool found = false;
    for (size_t p = 0; p < presentation_->periods.size() && !found; ++p) found = track(StreamKind::kText, p) != nullptr;
    if (!found)
      log_.event(0, "warning", {{"message", "--subs " + options_.subtitles + ": no subtitle track in that language"}});
  }
  set_subtitle_label();
  if (const StreamInfo* audio = track(StreamKind::kAudio, 0)) {
    std::scoped_lock lock(track_mutex_);
    audio_track_ = audio->label();
  }
  collect_events();

  if (env_.algorithm) {
    abr_.algorithm = std::move(env_.algorithm);
  } else {
    auto algorithm = abr_exec::make_any_algorithm(options_.abr);
    if (!algorithm.ok()) return algorithm.error();
    abr_.algorithm = std::move(algorithm).value();
  }
  abr_.pinned_rung = options_.pinned_rung;
  size_t base_count = 1;
  if (env_.network) {
    network_ = env_.network(loop_);
  } else {
    network_ = std::make_unique<ThreadedTransportFactory>(loop_, fetcher_options());
  }
  double startup_target_s = options_.startup_target_s, rebuffer_target_s = options_.rebuffer_target_s;
  if (live_presentation_) {
    // Live: waiting for more buffer than half the target latency adds to the
    // latency itself (the edge moves on while the player waits).
    const bool chunk_appends = live_chunk_appends(*live_presentation_, network_->streams_body());
    const double half_target_s = live_target_latency_s(*live_presentation_, options_.live, chunk_appends) / 2;
    startup_target_s = std::min(startup_target_s, half_target_s);
    rebuffer_target_s = std::min(rebuffer_target_s, half_target_s);
  }
  PlaybackState state(presentation_->duration_s, startup_target_s, rebuffer_target_s);
  state.set_fast(options_.fast);
  for (StreamKind kind : {StreamKind::kVideo, StreamKind::kAudio})
    for (size_t p = 0; p < presentation_->periods.size(); ++p)
      if (const StreamInfo* s = track(kind, p)) {
        state.set_active(kind, true);
        base_count = std::max(base_count, s->representations.front().base_urls.size());
      }
  base_urls_ = std::make_unique<BaseUrlSelector>(base_count);
  core_.set_playback(std::move(state));
  const bool has_video = track(StreamKind::kVideo, 0) != nullptr;
  log_.event(core_.now_s(), "loaded",
             {{"url", options_.url}, {"abr", has_video ? std::string(abr_.algorithm->name()) : "none"},
              {"session_id", options_.session_id}, {"duration_s", presentation_->duration_s},
              {"periods", presentation_->periods.size()}});

  if (live_presentation_) start_live();
  DS_RETURN_IF_ERROR(start_streams());
  started_.store(true);
  const double origin_s = clock_.now_s() - core_.now_s();  // clock time of session time 0
  for (auto& [t_s, action] : scheduled_) loop_.at(origin_s + t_s, std::move(action));
  if (options_.stop_after_s > 0)
    loop_.at(origin_s + options_.stop_after_s, [this] {
      log_.event(core_.now_s(), "stopped", {{"reason", "time limit"}});
      end_loop();
    });
  if (loop_.real_time()) tick();
  start_steering();
  if (steering_ && steering_->query_before_start()) {
    steering_->start([this] { begin_playback(); });  // queryBeforeStart: the first segment waits for the answer
  } else {
    if (steering_) steering_->start({});
    begin_playback();
  }
  return {};
}

void Session::begin_playback() {
  if (options_.rate != 1) apply_rate(options_.rate);
  if (live_) {
    if (options_.start_s > 0)
      log_.event(core_.now_s(), "warning", {{"message", "--start is ignored for a live presentation: it starts at the live edge"}});
    live_->begin();
  } else if (options_.start_s > 0) {
    seek_now(options_.start_s);  // as a seek before the first frame: same segment boundary rule
  } else {
    for (auto& rt : streams_) rt->loader->start(0, 0);
    restart_subtitles(0, 0);
    playback_changed();
  }
}

void Session::start_steering() {
  if (!presentation_->mpd || !presentation_->mpd->content_steering) return;
  const StreamInfo* lead = track(StreamKind::kVideo, 0);
  if (lead == nullptr) lead = track(StreamKind::kAudio, 0);
  if (lead == nullptr) return;
  const auto& pathways = lead->representations.front().service_locations;
  bool named = false;
  for (const auto& p : pathways) named = named || !p.empty();
  if (!named) {
    log_.event(core_.now_s(), "warning", {{"message", "the MPD has ContentSteering but no BaseURL@serviceLocation: ignored"}});
    return;
  }
  steering_ = std::make_unique<SteeringClient>(*presentation_->mpd->content_steering, presentation_->mpd_url, pathways,
                                               *base_urls_, log_, loop_, [this] { return core_.now_s(); },
                                               network_->make_channel());
}

media::Result<SessionSummary> Session::finish() {
  if (on_end_ && !ended_)  // the shared loop ran dry with this session still waiting
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
  if (const StreamInfo* video = presentation_->stream(StreamKind::kVideo))
    for (const auto& r : video->representations) {
      ladder.push_back(double(r.representation->bandwidth));
      ids.push_back(r.representation->id);
    }
  SessionSummary s = player::summarize(log_.tally(), ladder, ids);
  s.url = options_.url;
  s.abr = presentation_->stream(StreamKind::kVideo) ? std::string(abr_.algorithm->name()) : "none";
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
    if (!l.prft_latency_samples_s.empty()) {
      s.prft_latency_p50_s = LiveStats::percentile_of(l.prft_latency_samples_s, 0.5);
      s.prft_latency_p95_s = LiveStats::percentile_of(l.prft_latency_samples_s, 0.95);
    }
    s.live_jumps = l.jumps;
    s.catchup_s = l.faster_s;
    s.slowdown_s = l.slower_s;
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
