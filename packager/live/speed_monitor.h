// Whether a live encode keeps up with real time. The sign is backpressure:
// a live input hands its frames on as they come (paced, or as the network
// delivers them) and waits only when the encoders' queues are full, so the
// share of wall time it spent waiting on them says how far the encoders lag;
// an input that stalls waits for data instead, which does not count.
// Falling behind: the input waited on the encoders more than
// kBehindFraction of the last kSpeedWindowS; caught up: under kCaughtUpFraction.
// The speed shown is media seconds encoded per wall second over the window.
// Pure code; not thread-safe (the pipeline's supervisor thread feeds it).
#pragma once

#include <deque>

namespace packager {

inline constexpr double kSpeedWindowS = 5.0;
inline constexpr double kBehindFraction = 0.5;
inline constexpr double kCaughtUpFraction = 0.1;

enum class SpeedEvent { kNone, kFellBehind, kCaughtUp };

class SpeedMonitor {
 public:
  // `elapsed_s`: wall time since the input started; `done_s`: media time
  // every representation has encoded; `waited_s`: total time the input has
  // waited on the encoders. Returns what changed.
  SpeedEvent add(double elapsed_s, double done_s, double waited_s);

  double speed_x() const { return speed_x_; }          // 0 until most of a window has passed
  double waited_share() const { return waited_share_; }  // over the window
  bool behind() const { return behind_; }

 private:
  struct Sample {
    double elapsed_s, done_s, waited_s;
  };
  std::deque<Sample> samples_;  // within the window
  double speed_x_ = 0;
  double waited_share_ = 0;
  bool behind_ = false;
};

}  // namespace packager
