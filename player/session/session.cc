#include "player/session/session.h"

#include <cmath>
#include <random>
#include <thread>

#include "player/session/decode_worker.h"

namespace player {
namespace {

// A decoded frame later than this behind the clock is dropped, not shown.
constexpr double kLateFrameS = 0.1;
// How often the clock thread advances the playback position.
constexpr auto kClockTick = std::chrono::milliseconds(10);

std::string random_session_id() {
  std::random_device rd;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%08x%08x", rd(), rd());
  return buf;
}

class NullSink : public FrameSink {};

}  // namespace

struct Session::StreamRuntime {
  StreamKind kind;
  std::unique_ptr<media::BoundedQueue<DownloadedSegment>> queue;
  std::unique_ptr<StreamLoader> loader;
  std::unique_ptr<DecodeWorker> decoder;
  std::thread loader_thread;
  std::thread decoder_thread;
};

Session::Session(SessionOptions options, FrameSink* sink) : options_(std::move(options)), sink_(sink) {
  if (options_.session_id.empty()) options_.session_id = random_session_id();
}

Session::~Session() {
  stop();
  join_all();
}

void Session::stop() {
  stop_requested_.store(true);
  if (core_) {
    core_->stop.store(true);
    core_->changed.notify_all();
  }
}

void Session::join_all() {
  for (auto& s : streams_) {
    if (s->queue) s->queue->close();
    if (s->loader_thread.joinable()) s->loader_thread.join();
    if (s->decoder_thread.joinable()) s->decoder_thread.join();
  }
}

DecodeWorker::Wait Session::wait_for_clock(double pts_s, bool video) {
  const double lead = sink_ != nullptr ? sink_->lead_s(video) : 0.0;
  std::unique_lock lock(core_->mutex);
  while (true) {
    if (core_->stop.load()) return DecodeWorker::Wait::kStop;
    const double position = core_->state.position_s();
    const PlayState state = core_->state.state();
    const bool due = options_.fast || std::isinf(lead) || position + lead >= pts_s - 1e-3 || state == PlayState::kEnded;
    if (due) {
      // Late frames are dropped here only when the sink does not pace itself.
      if (!options_.fast && !std::isinf(lead) && state != PlayState::kEnded && position - pts_s > kLateFrameS)
        return DecodeWorker::Wait::kDrop;
      lock.unlock();
      if (video) {
        std::scoped_lock first(first_frame_mutex_);
        if (!first_frame_s_) {
          first_frame_s_ = core_->now_s();
          core_->log.event(*first_frame_s_, "first_frame", {{"pts_s", pts_s}});
        }
      }
      return DecodeWorker::Wait::kPresent;
    }
    core_->changed.wait_for(lock, kClockTick);
  }
}

media::Status Session::start_streams() {
  static NullSink null_sink;
  FrameSink& sink = sink_ != nullptr ? *sink_ : null_sink;
  for (StreamKind kind : {StreamKind::kVideo, StreamKind::kAudio}) {
    const StreamInfo* info = presentation_->stream(kind);
    if (info == nullptr) continue;
    {
      std::scoped_lock lock(core_->mutex);
      core_->state.set_active(kind, true);
    }
    auto rt = std::make_unique<StreamRuntime>();
    rt->kind = kind;
    if (options_.decode) {
      // Enough room for the whole buffer plus one segment in flight.
      double seg_s = std::max(0.5, info->segment(0, 0).duration_s());
      rt->queue = std::make_unique<media::BoundedQueue<DownloadedSegment>>(
          static_cast<size_t>(options_.max_buffer_s / seg_s) + 2);
      const bool video = kind == StreamKind::kVideo;
      rt->decoder = std::make_unique<DecodeWorker>(
          kind, *rt->queue, sink, [this, video](double pts) { return wait_for_clock(pts, video); },
          [this](const std::string& message, bool fatal) {
            if (fatal) core_->fail(media::make_error(media::ErrorCode::kParse, message));
            else core_->log.event(core_->now_s(), "error", {{"error", message}});
          },
          core_->generation, options_.decoder_threads);
    }
    FetcherOptions fo;
    fo.session_id = options_.session_id;
    fo.stop = &core_->stop;
    LoaderOptions lo = options_.loader;
    lo.max_buffer_s = options_.max_buffer_s;
    lo.fast = options_.fast;
    rt->loader = std::make_unique<StreamLoader>(kind, *info, *core_, make_fetcher(fo),
                                                kind == StreamKind::kVideo ? static_cast<RateChooser*>(chooser_.get()) : nullptr,
                                                rt->queue.get(), lo, &video_estimate_bps_);
    streams_.push_back(std::move(rt));
  }
  for (auto& rt : streams_) {
    rt->loader_thread = std::thread([loader = rt->loader.get()] { loader->run(); });
    if (rt->decoder) rt->decoder_thread = std::thread([dec = rt->decoder.get()] { dec->run(); });
  }
  return {};
}

void Session::drive_clock() {
  PlayState last = PlayState::kStartup;
  while (!core_->stop.load()) {
    const double now = core_->now_s();
    PlayState state;
    {
      std::scoped_lock lock(core_->mutex);
      core_->state.advance(now, options_.fast);
      state = core_->state.state();
      if (state != last) {
        if (last == PlayState::kStartup && state == PlayState::kPlaying)
          core_->log.event(now, "playing", {{"startup_s", *core_->state.startup_delay_s()}});
        else if (state == PlayState::kStalled)
          core_->log.event(now, "stall_start", {{"position_s", core_->state.position_s()}});
        else if (last == PlayState::kStalled && state == PlayState::kPlaying)
          core_->log.event(now, "stall_end", {{"position_s", core_->state.position_s()},
                                              {"duration_s", core_->state.stalls().back().duration_s}});
        else if (state == PlayState::kEnded)
          core_->log.event(now, "ended", {{"position_s", core_->state.position_s()}});
        last = state;
      }
    }
    core_->changed.notify_all();
    if (state == PlayState::kEnded) return;
    if (options_.stop_after_s > 0 && now >= options_.stop_after_s) {
      core_->log.event(now, "stopped", {{"reason", "time limit"}});
      return;
    }
    std::this_thread::sleep_for(options_.fast ? std::chrono::milliseconds(2) : kClockTick);
  }
}

void Session::finish_streams() {
  bool ended;
  {
    std::scoped_lock lock(core_->mutex);
    ended = core_->state.ended();
  }
  if (!ended) core_->stop.store(true);  // stopped early: wake everyone
  core_->changed.notify_all();
  // After the end, loaders return by themselves; the decoders then finish
  // what is queued (all of it in --fast mode).
  for (auto& s : streams_)
    if (s->loader_thread.joinable()) s->loader_thread.join();
  for (auto& s : streams_)
    if (s->queue) s->queue->close();
  for (auto& s : streams_)
    if (s->decoder_thread.joinable()) s->decoder_thread.join();
  core_->stop.store(true);
}

void Session::toggle_pause() {
  if (!started_.load()) return;
  {
    std::scoped_lock lock(core_->mutex);
    const double now = core_->now_s();
    if (core_->state.state() == PlayState::kPaused) core_->state.resume(now);
    else core_->state.pause(now);
    core_->log.event(now, core_->state.state() == PlayState::kPaused ? "pause" : "resume",
                     {{"position_s", core_->state.position_s()}});
  }
  core_->changed.notify_all();
}

void Session::seek_by(double delta_s) {
  if (!started_.load()) return;
  double position;
  {
    std::scoped_lock lock(core_->mutex);
    position = core_->state.position_s();
  }
  seek_to(position + delta_s);
}

void Session::seek_to(double target_s) {
  if (!started_.load()) return;
  const StreamInfo* video = presentation_->stream(StreamKind::kVideo);
  const StreamInfo* audio = presentation_->stream(StreamKind::kAudio);
  // The index of the segment of `s` that holds time t (the last one at or before it).
  auto index_at = [](const StreamInfo* s, double t) -> size_t {
    size_t index = 0;
    for (size_t i = 0; i < s->segment_count(); ++i)
      if (s->segment(0, i).start_s() <= t + 1e-6) index = i;
    return index;
  };
  target_s = std::clamp(target_s, 0.0, std::max(0.0, presentation_->duration_s - 0.5));
  // Restart at a segment boundary of the video (a key frame), so the first
  // frame after the seek can be decoded.
  const StreamInfo* lead_stream = video ? video : audio;
  double start = lead_stream->segment(0, index_at(lead_stream, target_s)).start_s();
  {
    std::scoped_lock lock(core_->mutex);
    const double now = core_->now_s();
    for (StreamKind kind : {StreamKind::kVideo, StreamKind::kAudio})
      if (const StreamInfo* s = presentation_->stream(kind)) core_->seek_index[static_cast<size_t>(kind)] = index_at(s, start);
    core_->state.seek(start, now);
    core_->generation.fetch_add(1);
    core_->log.event(now, "seek", {{"target_s", target_s}, {"position_s", start}});
  }
  for (auto& rt : streams_)
    if (rt->queue) rt->queue->clear();
  if (sink_ != nullptr) sink_->flush();
  core_->changed.notify_all();
}

void Session::pin_rung(std::optional<size_t> rung) {
  if (!started_.load()) return;
  core_->pinned_rung.store(rung ? static_cast<int>(*rung) : -1);
  core_->log.event(core_->now_s(), "pin", {{"rung", rung ? nlohmann::json(*rung) : nlohmann::json("auto")}});
}

media::Result<std::string> Session::set_abr(const std::string& name) {
  if (!chooser_) return media::make_error(media::ErrorCode::kInvalidArgument, "no video stream to adapt");
  auto next = make_rate_chooser(name);
  if (!next.ok()) return next.error();
  chooser_->replace(std::move(next).value());
  if (core_) core_->log.event(core_->now_s(), "abr", {{"abr", chooser_->name()}});
  return chooser_->name();
}

SessionSnapshot Session::snapshot() const {
  SessionSnapshot s;
  if (!started_.load()) return s;
  std::scoped_lock lock(core_->mutex);
  const double now = core_->now_s();
  s.state = core_->state.state();
  s.position_s = core_->state.position_s();
  s.duration_s = core_->state.duration_s();
  s.video_buffer_s = core_->state.buffer_s(StreamKind::kVideo);
  s.audio_buffer_s = core_->state.buffer_s(StreamKind::kAudio);
  s.estimate_bps = video_estimate_bps_.load();
  s.video_representation = core_->video_status.representation;
  s.video_bitrate_bps = core_->video_status.bitrate_bps;
  s.resolution = core_->video_status.resolution;
  s.abr_reason = core_->video_status.reason;
  s.stalls = static_cast<int>(core_->state.stalls().size());
  s.stall_s = core_->state.total_stall_s(now);
  s.abr_name = chooser_ ? chooser_->name() : "none";
  return s;
}

media::Result<SessionSummary> Session::run() {
  const auto session_start = std::chrono::steady_clock::now();
  FetcherOptions fo;
  fo.session_id = options_.session_id;
  fo.stop = &stop_requested_;
  auto fetcher = make_fetcher(fo);
  DS_RETURN_IF_ERROR(log_.open(options_.log_path));
  PresentationOptions po;
  po.lang = options_.lang;
  po.extra_base_urls = options_.base_urls;
  auto loaded = load_presentation(*fetcher, options_.url, po);
  if (!loaded.ok()) return loaded.error();
  presentation_ = std::make_unique<Presentation>(std::move(loaded).value());
  for (const auto& w : presentation_->warnings) log_.event(0, "warning", {{"message", w}});

  if (presentation_->video) {
    auto chooser = make_rate_chooser(options_.abr);
    if (!chooser.ok()) return chooser.error();
    chooser_ = std::make_unique<SwitchableChooser>(std::move(chooser).value());
  }
  size_t base_count = 1;
  for (const StreamInfo* s : {presentation_->stream(StreamKind::kVideo), presentation_->stream(StreamKind::kAudio)})
    if (s) base_count = std::max(base_count, s->representations.front().base_urls.size());
  core_ = std::make_unique<SessionCore>(
      PlaybackState(presentation_->duration_s, options_.startup_target_s, options_.rebuffer_target_s), base_count,
      log_, session_start);
  core_->state.advance(0.0);  // start-up is measured from the session start, MPD fetch included
  if (stop_requested_.load()) core_->stop.store(true);
  if (options_.pinned_rung) core_->pinned_rung.store(static_cast<int>(*options_.pinned_rung));
  log_.event(core_->now_s(), "loaded", {{"url", options_.url}, {"abr", chooser_ ? chooser_->name() : "none"},
                          {"session_id", options_.session_id}, {"duration_s", presentation_->duration_s}});

  DS_RETURN_IF_ERROR(start_streams());
  started_.store(true);
  drive_clock();
  finish_streams();
  const double wall = core_->now_s();

  {
    std::scoped_lock lock(core_->mutex);
    if (core_->fatal) return *core_->fatal;
  }
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
  s.abr = chooser_ ? chooser_->name() : "none";
  {
    std::scoped_lock lock(core_->mutex);
    s.startup_s = core_->state.startup_delay_s();
    s.played_s = core_->state.position_s();
    s.stalls = static_cast<int>(core_->state.stalls().size());
    s.stall_s = core_->state.total_stall_s(core_->now_s());
  }
  {
    std::scoped_lock lock(first_frame_mutex_);
    s.first_frame_s = first_frame_s_;
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
