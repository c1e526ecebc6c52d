// The playback clock as a pure state machine: media position, per-stream
// buffered ranges, start-up, stalls and the end. Time comes in as arguments
// (seconds on any monotonic clock), so tests drive it by hand.
// Not thread-safe: the session guards it with its own mutex.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <vector>

namespace player {

// Subtitles (kText) are streamed too, but never hold playback up: the
// playback state tracks only video and audio buffers.
enum class StreamKind : size_t { kVideo = 0, kAudio = 1, kText = 2 };
inline constexpr size_t kStreamKinds = 3;
const char* to_string(StreamKind kind);

enum class PlayState { kStartup, kPlaying, kStalled, kPaused, kEnded };
const char* to_string(PlayState s);

struct Stall {
  double start_s = 0;     // clock time
  double duration_s = 0;  // 0 while ongoing
  double position_s = 0;  // media position where it happened
};

class PlaybackState {
 public:
  // `duration_s`: presentation length. Playback (re)starts when every active
  // stream has `startup_target_s` (first start) or `rebuffer_target_s` (after a
  // stall) of media ahead of the position, or has all of its media.
  PlaybackState(double duration_s, double startup_target_s, double rebuffer_target_s);

  void set_active(StreamKind kind, bool active);
  // Fast mode (--fast): every advance() is a fast one.
  void set_fast(bool fast) { fast_ = fast; }
  // Media for [start, end) of `kind` is now buffered (segments arrive in order;
  // a skipped segment is appended too, as a gap the player jumps over).
  void append(StreamKind kind, double end_s, double now_s);
  // The stream has no more media to come.
  void finish(StreamKind kind, double now_s);

  // Advances the position to clock time `now_s`, entering a stall when a
  // buffer runs dry and leaving it when the buffers refill. In `fast` mode the
  // position jumps to whatever is buffered.
  void advance(double now_s, bool fast = false);

  // Media seconds per clock second while playing (live catch-up; 1 = normal).
  void set_rate(double rate, double now_s);
  double rate() const { return rate_; }

  void pause(double now_s);
  void resume(double now_s);
  // Moves the position (seek): buffers are emptied and playback waits for the
  // rebuffer target again (not counted as a stall).
  void seek(double position_s, double now_s);

  PlayState state() const { return state_; }
  double position_s() const { return position_s_; }
  double duration_s() const { return duration_s_; }
  // Media buffered ahead of the position for one stream.
  double buffer_s(StreamKind kind) const;
  // The smallest buffer among active streams.
  double min_buffer_s() const;
  double buffered_end_s(StreamKind kind) const { return streams_[index(kind)].buffered_end_s; }

  // True while playback waits to restart after a seek (not a stall).
  bool seeking() const { return seeking_; }
  // Clock time from the last advance() until the position reaches the end of
  // what is buffered (a stall, or the end); infinity unless playing.
  double until_buffer_runs_out_s() const;

  std::optional<double> startup_delay_s() const { return startup_delay_s_; }
  const std::vector<Stall>& stalls() const { return stalls_; }
  // A stall has begun and not ended yet (its duration is still 0).
  bool stall_open() const { return !stalls_.empty() && stalls_.back().duration_s == 0; }
  double total_stall_s(double now_s) const;
  bool ended() const { return state_ == PlayState::kEnded; }

 private:
  struct StreamBuffer {
    bool active = false;
    bool finished = false;
    double buffered_end_s = 0;
  };
  static size_t index(StreamKind k) { return static_cast<size_t>(k); }
  bool ready_to_play(double target_s) const;
  double playable_end_s() const;  // where the position must stop (lowest buffered end)
  bool all_finished() const;

  double duration_s_;
  double startup_target_s_;
  double rebuffer_target_s_;
  std::array<StreamBuffer, kStreamKinds> streams_{};
  PlayState state_ = PlayState::kStartup;
  PlayState before_pause_ = PlayState::kPlaying;
  double position_s_ = 0;
  double last_now_s_ = 0;
  double session_start_s_ = 0;
  bool started_clock_ = false;
  bool seeking_ = false;
  bool fast_ = false;
  double rate_ = 1;
  std::optional<double> startup_delay_s_;
  std::vector<Stall> stalls_;
};

}  // namespace player
