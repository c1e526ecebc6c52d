// Holding the live edge: from the measured latency (wall clock minus the
// presentation time that plays) decide the playback rate and when to jump.
// Slightly behind: play faster (up to max_rate) until back at the target;
// far behind (a long stall, a slow link): jump to the edge at once, since
// catching up 10 s at 1.1x would take 100 s. Ahead of the target, or nearly
// out of buffer: play slower (down to min_rate), trading a little latency
// for a stall avoided. Pure; the session calls it on
// a timer and records what it did in LiveStats. Not thread-safe.
#pragma once

#include <vector>

#include "player/session/playback_state.h"

namespace player {

struct CatchUpOptions {
  double max_rate = 1.1;            // fastest catch-up playback (1: jumps only)
  // Behind target by more than this: play faster. The latency is read from
  // the synced wall clock and the playback clock, with no noise to filter,
  // so a few milliseconds are enough (dash.js's minDrift is 20 ms).
  double rate_threshold_s = 0.005;
  double jump_threshold_s = 3;      // behind target by more than this: jump to the edge
  double min_buffer_s = 0.5;        // play faster only with this much buffered; below half of it, slower
  double min_rate = 0.95;           // slowest playback on an empty buffer (1: never slower)
  double jump_cooldown_s = 5;       // session seconds between jumps (the refill after one adds latency)
};

struct EdgeAction {
  double rate = 1;
  bool jump = false;
};

class LiveEdge {
 public:
  explicit LiveEdge(CatchUpOptions options) : options_(options) {}

  // `latency_s`: current; `buffer_s`: the smallest stream buffer; `seeking`:
  // refilling after a jump (its latency is not a reason to jump again).
  EdgeAction decide(double now_s, double latency_s, double target_s, double buffer_s, PlayState state, bool seeking);
  const CatchUpOptions& options() const { return options_; }

 private:
  CatchUpOptions options_;
  bool catching_up_ = false;
  bool slowing_down_ = false;  // ahead of the target
  double last_jump_s_ = -1e300;
};

// What the summary reports about live playback.
struct LiveStats {
  double target_latency_s = 0;
  std::vector<double> latency_samples_s;  // while playing, one per edge tick
  // The same from the segments' prft capture times (wall clock − capture
  // time of the picture playing): includes the packager's own delay.
  std::vector<double> prft_latency_samples_s;
  int jumps = 0;
  double faster_s = 0;  // session time played above 1x
  double slower_s = 0;  // session time played below 1x (a low buffer)

  double percentile(double p) const { return percentile_of(latency_samples_s, p); }  // p in [0, 1]
  // Nearest-rank percentile of `samples`, p in [0, 1]; 0 without samples.
  static double percentile_of(std::vector<double> samples, double p);
};

}  // namespace player
