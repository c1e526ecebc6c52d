// The live run's progress observer: one refreshing line on a terminal (media
// time, speed as × real time, how far behind the input, x264 preset), one
// clear line when the encode falls behind real time (and one when it has
// caught up), and with --adapt-preset a step to a faster x264 preset each
// time it falls behind (again after kPresetStepCooldownS). One per Period
// (the pipeline's elapsed time restarts); the preset index outlives it.
// Called on the pipeline's supervisor thread.
#pragma once

#include <atomic>
#include <cstdio>
#include <functional>
#include <string>

#include "packager/live/speed_monitor.h"
#include "packager/progress.h"

namespace packager {

inline constexpr double kPresetStepCooldownS = 10.0;  // a step needs this long to show its effect

class LiveProgress : public ProgressObserver {
 public:
  // `out` null: no output at all; `draw_line`: the refreshing line (a TTY);
  // `preset_index` (into kPresets) null: no adaptation, `preset` is shown;
  // `waited_s` reads how long the input has waited on the encoders.
  LiveProgress(std::FILE* out, bool draw_line, std::atomic<int>* preset_index, std::string preset,
               std::function<double()> waited_s);
  void on_progress(const ProgressSnapshot& snapshot) override;
  void on_end() override;

  const SpeedMonitor& monitor() const { return monitor_; }
  double done_s() const { return done_s_; }  // media time encoded so far

 private:
  void print_event(const std::string& text);

  std::FILE* out_;
  bool draw_line_;
  std::atomic<int>* preset_index_;
  std::string preset_;
  std::function<double()> waited_s_;
  SpeedMonitor monitor_;
  double done_s_ = 0;
  double last_step_s_ = -1e9;
  double last_draw_s_ = -1e9;
  size_t last_width_ = 0;
};

// "live 00:12:34  1.00x real time  input waited 3%  x264 veryfast".
std::string format_live_progress(double done_s, double speed_x, double waited_share, const std::string& preset);

}  // namespace packager
