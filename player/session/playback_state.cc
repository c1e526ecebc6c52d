#include "player/session/playback_state.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace player {

const char* to_string(PlayState s) {
  switch (s) {
    case PlayState::kStartup: return "startup";
    case PlayState::kPlaying: return "playing";
    case PlayState::kStalled: return "stalled";
    case PlayState::kPaused: return "paused";
    case PlayState::kEnded: return "ended";
  }
  return "?";
}

const char* to_string(StreamKind kind) {
  switch (kind) {
    case StreamKind::kVideo: return "video";
    case StreamKind::kAudio: return "audio";
    case StreamKind::kText: return "text";
  }
  return "?";
}

PlaybackState::PlaybackState(double duration_s, double startup_target_s, double rebuffer_target_s)
    : duration_s_(duration_s), startup_target_s_(startup_target_s), rebuffer_target_s_(rebuffer_target_s) {}

void PlaybackState::set_active(StreamKind kind, bool active) { streams_[index(kind)].active = active; }

void PlaybackState::append(StreamKind kind, double end_s, double now_s) {
  if (!started_clock_) {
    started_clock_ = true;
    session_start_s_ = now_s;
  }
  StreamBuffer& s = streams_[index(kind)];
  s.buffered_end_s = std::max(s.buffered_end_s, std::min(end_s, duration_s_));
  advance(now_s);
}

void PlaybackState::finish(StreamKind kind, double now_s) {
  streams_[index(kind)].finished = true;
  advance(now_s);
}

bool PlaybackState::all_finished() const {
  for (const auto& s : streams_)
    if (s.active && !s.finished) return false;
  return true;
}

double PlaybackState::playable_end_s() const {
  double end = duration_s_;
  for (const auto& s : streams_)
    if (s.active && !s.finished) end = std::min(end, s.buffered_end_s);
    else if (s.active) end = std::min(end, std::max(s.buffered_end_s, position_s_));
  return end;
}

double PlaybackState::buffer_s(StreamKind kind) const {
  return std::max(0.0, streams_[index(kind)].buffered_end_s - position_s_);
}

double PlaybackState::min_buffer_s() const {
  double m = std::numeric_limits<double>::infinity();
  for (const auto& s : streams_)
    if (s.active) m = std::min(m, std::max(0.0, s.buffered_end_s - position_s_));
  return std::isinf(m) ? 0.0 : m;
}

bool PlaybackState::ready_to_play(double target_s) const {
  bool any = false;
  for (const auto& s : streams_) {
    if (!s.active) continue;
    any = true;
    bool has_rest = s.finished || s.buffered_end_s >= duration_s_ - 1e-6;
    if (!has_rest && s.buffered_end_s - position_s_ < target_s - 1e-9) return false;
  }
  return any;
}

void PlaybackState::advance(double now_s, bool fast) {
  fast = fast || fast_;
  if (!started_clock_) {
    started_clock_ = true;
    session_start_s_ = now_s;
    last_now_s_ = now_s;
  }
  const double dt = std::max(0.0, now_s - last_now_s_);
  last_now_s_ = now_s;
  switch (state_) {
    case PlayState::kEnded:
    case PlayState::kPaused:
      return;
    case PlayState::kStartup:
    case PlayState::kStalled: {
      const bool first = state_ == PlayState::kStartup;
      const double target = first ? startup_target_s_ : rebuffer_target_s_;
      if (!ready_to_play(fast ? 0.0 : target) || playable_end_s() <= position_s_ + 1e-9) {
        if (all_finished() && playable_end_s() <= position_s_ + 1e-9) state_ = PlayState::kEnded;
        return;
      }
      if (first) {
        if (!startup_delay_s_) startup_delay_s_ = now_s - session_start_s_;
      } else if (!seeking_ && stall_open()) {
        stalls_.back().duration_s = std::max(1e-9, now_s - stalls_.back().start_s);
      }
      seeking_ = false;
      state_ = PlayState::kPlaying;
      return;
    }
    case PlayState::kPlaying: {
      const double end = playable_end_s();
      const double unbounded = position_s_ + dt * rate_;
      position_s_ = fast ? end : std::min(unbounded, end);
      if (position_s_ >= duration_s_ - 1e-6 || (all_finished() && position_s_ >= end - 1e-9)) {
        position_s_ = std::min(position_s_, duration_s_);
        state_ = PlayState::kEnded;
      } else if (position_s_ >= end - 1e-9 && !fast) {  // in fast mode waiting is not a stall
        state_ = PlayState::kStalled;
        // The buffer ran dry before `now_s` when the clock is read late.
        stalls_.push_back({now_s - std::max(0.0, unbounded - end) / rate_, 0, position_s_});
      }
      return;
    }
  }
}

void PlaybackState::pause(double now_s) {
  advance(now_s);
  if (state_ == PlayState::kEnded || state_ == PlayState::kPaused) return;
  before_pause_ = state_;
  state_ = PlayState::kPaused;
}

void PlaybackState::resume(double now_s) {
  if (state_ != PlayState::kPaused) return;
  last_now_s_ = now_s;
  state_ = before_pause_ == PlayState::kPlaying ? PlayState::kPlaying : before_pause_;
  advance(now_s);
}

void PlaybackState::seek(double position_s, double now_s) {
  if (stall_open())
    stalls_.back().duration_s = std::max(1e-9, now_s - stalls_.back().start_s);
  position_s_ = std::clamp(position_s, 0.0, duration_s_);
  for (auto& s : streams_) {
    s.buffered_end_s = position_s_;
    s.finished = false;
  }
  last_now_s_ = now_s;
  if (state_ == PlayState::kStartup) return;
  seeking_ = true;
  state_ = PlayState::kStalled;
}

double PlaybackState::until_buffer_runs_out_s() const {
  if (state_ != PlayState::kPlaying) return std::numeric_limits<double>::infinity();
  return std::max(0.0, playable_end_s() - position_s_) / rate_;
}

void PlaybackState::set_rate(double rate, double now_s) {
  advance(now_s);
  if (rate > 0) rate_ = rate;
}

double PlaybackState::total_stall_s(double now_s) const {
  double total = 0;
  for (const auto& s : stalls_) total += s.duration_s > 0 ? s.duration_s : std::max(0.0, now_s - s.start_s);
  return total;
}

}  // namespace player
