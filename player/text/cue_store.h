// The cues of the subtitle track being shown, on the presentation timeline:
// the session's text loader adds them as segments arrive, the session
// announces each one as playback reaches it (headless logs), and the window
// draws the ones active at the audio clock. Bounded: cues that ended well
// behind the playhead are dropped, and the oldest go first beyond
// kMaxCues. Thread-safe: one mutex guards the cues (the loop thread writes,
// the UI thread reads).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "player/text/cue.h"

namespace player::text {

class CueStore {
 public:
  static constexpr size_t kMaxCues = 2000;
  static constexpr int64_t kKeepBehindMs = 30'000;  // a short seek back still finds its cues

  // Adds cues (presentation ms); a cue already held (same times and text) is
  // not added twice (a refetch), and one continuing a held cue (same text and
  // style, one ending where the other starts: the pieces of a cue cut at
  // segment boundaries) extends it.
  // `playhead_ms` drops what ended kKeepBehindMs before it.
  void add(const std::vector<TextCue>& cues, int64_t playhead_ms);
  void clear();

  // Cues showing at `t_ms` (start <= t < end), by start time.
  std::vector<TextCue> active_at(int64_t t_ms) const;
  // Marks and returns the cues not announced yet that show at `t_ms`; cues
  // that ended before `t_ms` unannounced (added late) are marked silently.
  std::vector<TextCue> take_started(int64_t t_ms);
  // The earliest start after `t_ms` of a cue not announced yet.
  std::optional<int64_t> next_start_after(int64_t t_ms) const;
  size_t size() const;

 private:
  struct Held {
    TextCue cue;
    bool announced = false;
  };
  mutable std::mutex mutex_;  // guards cues_
  std::vector<Held> cues_;    // by start time
};

}  // namespace player::text
