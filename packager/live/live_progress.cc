#include "packager/live/live_progress.h"

#include "packager/options.h"

namespace packager {
namespace {

constexpr double kDrawIntervalS = 0.25;

}  // namespace

std::string format_live_progress(double done_s, double speed_x, double waited_share, const std::string& preset) {
  const auto total = static_cast<long long>(done_s);
  char buf[160];
  std::snprintf(buf, sizeof buf, "live %02lld:%02lld:%02lld  %.2fx real time  input waited %.0f%%  x264 %s",
                total / 3600, total / 60 % 60, total % 60, speed_x, 100 * waited_share, preset.c_str());
  return buf;
}

LiveProgress::LiveProgress(std::FILE* out, bool draw_line, std::atomic<int>* preset_index, std::string preset,
                           std::function<double()> waited_s)
    : out_(out),
      draw_line_(draw_line && out != nullptr),
      preset_index_(preset_index),
      preset_(std::move(preset)),
      waited_s_(std::move(waited_s)) {}

void LiveProgress::print_event(const std::string& text) {
  if (out_ == nullptr) return;
  if (last_width_ > 0) std::fprintf(out_, "\r%s\r", std::string(last_width_, ' ').c_str());
  last_width_ = 0;
  std::fprintf(out_, "dash-package: %s\n", text.c_str());
  std::fflush(out_);
}

void LiveProgress::on_progress(const ProgressSnapshot& s) {
  const SpeedEvent event = monitor_.add(s.elapsed_s, s.done_s, waited_s_ ? waited_s_() : 0);
  done_s_ = s.done_s;
  const int preset = preset_index_ != nullptr ? preset_index_->load() : -1;
  char numbers[96];
  std::snprintf(numbers, sizeof numbers, "encoding at %.2fx, the input waited on the encoders %.0f%% of the last %.0f s",
                monitor_.speed_x(), 100 * monitor_.waited_share(), kSpeedWindowS);
  if (event == SpeedEvent::kFellBehind && preset_index_ == nullptr)
    print_event(std::string("falling behind real time: ") + numbers +
                "; use a faster --preset, fewer --ladder rungs, or --adapt-preset");
  if (event == SpeedEvent::kCaughtUp) print_event("caught up with real time again");
  if (monitor_.behind() && preset_index_ != nullptr && preset > 0 && s.elapsed_s - last_step_s_ >= kPresetStepCooldownS) {
    preset_index_->store(preset - 1);
    last_step_s_ = s.elapsed_s;
    print_event(std::string("falling behind real time: ") + numbers + "; switching to x264 preset " +
                kPresets[preset - 1] + " at the next segment");
  }
  if (!draw_line_ || s.elapsed_s - last_draw_s_ < kDrawIntervalS) return;
  last_draw_s_ = s.elapsed_s;
  const std::string preset_name = preset_index_ != nullptr ? kPresets[preset_index_->load()] : preset_;
  std::string line =
      "dash-package: " + format_live_progress(s.done_s, monitor_.speed_x(), monitor_.waited_share(), preset_name);
  const size_t width = line.size();
  if (width < last_width_) line.append(last_width_ - width, ' ');
  last_width_ = width;
  std::fprintf(out_, "\r%s", line.c_str());
  std::fflush(out_);
}

void LiveProgress::on_end() {
  if (out_ == nullptr || last_width_ == 0) return;
  std::fprintf(out_, "\r%s\r", std::string(last_width_, ' ').c_str());
  std::fflush(out_);
  last_width_ = 0;
}

}  // namespace packager
