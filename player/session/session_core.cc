#include "player/session/session_core.h"

#include <cmath>

namespace player {

SessionCore::SessionCore(media::Clock& clock, EventLog& log) : clock_(clock), log_(log) {}

void SessionCore::start() { start_s_.store(clock_.now_s()); }

void SessionCore::set_playback(PlaybackState state) {
  std::scoped_lock lock(mutex_);
  state_ = std::move(state);
  state_.advance(0.0);  // start-up is measured from start(), the MPD fetch included
  state_.advance(now_s());
}

double SessionCore::now_s() const {
  const double start = start_s_.load();
  return std::isnan(start) ? 0.0 : clock_.now_s() - start;
}

template <typename Change>
void SessionCore::change(Change&& change_state) {
  PlayState before;
  bool was_seeking = false;
  std::optional<PlaybackState> after;  // set when the state changed
  {
    std::scoped_lock lock(mutex_);
    before = state_.state();
    was_seeking = state_.seeking();
    change_state(state_, now_s());
    if (state_.state() != before) after = state_;
  }
  changed_.notify_all();
  if (after) log_transition(before, was_seeking, *after);
}

void SessionCore::log_transition(PlayState before, bool was_seeking, const PlaybackState& after) {
  const double now = now_s();
  const PlayState state = after.state();
  if (before == PlayState::kStartup && state == PlayState::kPlaying) {
    log_.event(now, "playing", {{"startup_s", after.startup_delay_s().value_or(0)}});
  } else if (state == PlayState::kStalled && !after.seeking() && after.stall_open()) {
    log_.event(after.stalls().back().start_s, "stall_start", {{"position_s", after.position_s()}});
  } else if (before == PlayState::kStalled && state == PlayState::kPlaying && !was_seeking && !after.stalls().empty()) {
    // (Refilling after a seek or a live jump ends no stall: the seek closed it.)
    log_.event(now, "stall_end", {{"position_s", after.position_s()}, {"duration_s", after.stalls().back().duration_s}});
  } else if (state == PlayState::kEnded) {
    log_.event(now, "ended", {{"position_s", after.position_s()}});
  }
}

void SessionCore::advance() {
  change([](PlaybackState& s, double now) { s.advance(now); });
}

StreamView SessionCore::append(StreamKind kind, double end_s) {
  StreamView v;
  change([&](PlaybackState& s, double now) {
    s.append(kind, end_s, now);
    v = view_locked(kind, now);
  });
  return v;
}

void SessionCore::set_rate(double rate) {
  change([rate](PlaybackState& s, double now) { s.set_rate(rate, now); });
}

void SessionCore::finish(StreamKind kind) {
  change([kind](PlaybackState& s, double now) { s.finish(kind, now); });
}

void SessionCore::toggle_pause() {
  PlayState after;
  double position;
  change([&](PlaybackState& s, double now) {
    if (s.state() == PlayState::kPaused) s.resume(now);
    else s.pause(now);
    after = s.state();
    position = s.position_s();
  });
  log_.event(now_s(), after == PlayState::kPaused ? "pause" : "resume", {{"position_s", position}});
}

void SessionCore::seek(double position_s) {
  std::optional<Stall> ended;  // a stall the seek put an end to
  change([&](PlaybackState& s, double now) {
    const bool stalled = s.state() == PlayState::kStalled && !s.seeking() && s.stall_open();
    s.seek(position_s, now);
    if (stalled) ended = s.stalls().back();
    generation_.fetch_add(1);
  });
  if (ended) log_.event(now_s(), "stall_end", {{"position_s", ended->position_s}, {"duration_s", ended->duration_s}});
}

PlayState SessionCore::state() const {
  std::scoped_lock lock(mutex_);
  return state_.state();
}

double SessionCore::position_s() const {
  std::scoped_lock lock(mutex_);
  return state_.position_s();
}

double SessionCore::rate() const {
  std::scoped_lock lock(mutex_);
  return state_.rate();
}

double SessionCore::buffer_s(StreamKind kind) const {
  std::scoped_lock lock(mutex_);
  return state_.buffer_s(kind);
}

double SessionCore::total_stall_s() const {
  std::scoped_lock lock(mutex_);
  return state_.total_stall_s(now_s());
}

StreamView SessionCore::view_locked(StreamKind kind, double now_s) const {
  return {state_.state(), abr_state_locked(), state_.buffer_s(kind), state_.total_stall_s(now_s), state_.rate()};
}

StreamView SessionCore::advance_and_view(StreamKind kind) {
  StreamView v;
  change([&](PlaybackState& s, double now) {
    s.advance(now);
    v = view_locked(kind, now);
  });
  return v;
}

abr::PlaybackState SessionCore::abr_state() const {
  std::scoped_lock lock(mutex_);
  return abr_state_locked();
}

abr::PlaybackState SessionCore::abr_state_locked() const {
  switch (state_.state()) {
    case PlayState::kPlaying: return abr::PlaybackState::kPlaying;
    case PlayState::kPaused: return abr::PlaybackState::kPaused;
    case PlayState::kStalled:
      return state_.seeking() ? abr::PlaybackState::kStartup : abr::PlaybackState::kStalled;
    case PlayState::kStartup:
    case PlayState::kEnded: return abr::PlaybackState::kStartup;
  }
  return abr::PlaybackState::kStartup;
}

double SessionCore::until_buffer_runs_out_s() const {
  std::scoped_lock lock(mutex_);
  return state_.until_buffer_runs_out_s();
}

PlaybackState SessionCore::playback() const {
  std::scoped_lock lock(mutex_);
  return state_;
}

void SessionCore::set_video_status(VideoStatus status) {
  std::scoped_lock lock(mutex_);
  video_status_ = std::move(status);
}

VideoStatus SessionCore::video_status() const {
  std::scoped_lock lock(mutex_);
  return video_status_;
}

FrameWait SessionCore::wait_for_frame(double pts_s, double lead_s, bool fast, double late_s) {
  // Decoders poll at this interval too, in case a notification is missed.
  constexpr auto kPoll = std::chrono::milliseconds(10);
  std::unique_lock lock(mutex_);
  while (true) {
    if (stop_.load()) return FrameWait::kStop;
    const double position = state_.position_s();
    const bool ended = state_.state() == PlayState::kEnded;
    if (fast || std::isinf(lead_s) || ended || position + lead_s >= pts_s - 1e-3) {
      // Late frames are dropped here only when the sink does not pace itself.
      if (!fast && !std::isinf(lead_s) && !ended && position - pts_s > late_s) return FrameWait::kDrop;
      return FrameWait::kPresent;
    }
    changed_.wait_for(lock, kPoll);
  }
}

void SessionCore::note_first_frame(double pts_s) {
  double at;
  {
    std::scoped_lock lock(mutex_);
    if (first_frame_s_) return;
    at = now_s();
    first_frame_s_ = at;
  }
  log_.event(at, "first_frame", {{"pts_s", pts_s}});
}

std::optional<double> SessionCore::first_frame_s() const {
  std::scoped_lock lock(mutex_);
  return first_frame_s_;
}

void SessionCore::fail(const media::Error& error) {
  {
    std::scoped_lock lock(mutex_);
    if (!fatal_) fatal_ = error;
  }
  stop_.store(true);
  changed_.notify_all();
}

std::optional<media::Error> SessionCore::fatal() const {
  std::scoped_lock lock(mutex_);
  return fatal_;
}

}  // namespace player
