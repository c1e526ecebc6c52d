#include "player/abr/window_estimators.h"

#include <algorithm>

namespace abr {

SampleWindow::SampleWindow(size_t capacity) : values_(capacity == 0 ? 1 : capacity, 0.0) {}

void SampleWindow::push(double value) {
  if (size_ < values_.size()) {
    values_[(start_ + size_) % values_.size()] = value;
    ++size_;
  } else {
    values_[start_] = value;
    start_ = (start_ + 1) % values_.size();
  }
}

void SlidingHarmonicMean::add_sample(double bytes, double duration_s) {
  if (duration_s > 0 && bytes > 0) add_rate(bytes * 8 / duration_s);
}

void SlidingHarmonicMean::add_rate(double rate) {
  if (rate > 0) window_.push(rate);
}

double SlidingHarmonicMean::estimate() const {
  if (window_.size() == 0) return 0;
  double inverse_sum = 0;
  for (size_t i = 0; i < window_.size(); ++i) inverse_sum += 1 / window_[i];
  return 1.0 / (inverse_sum / static_cast<double>(window_.size()));
}

SlidingWindowMean::SlidingWindowMean(std::vector<size_t> windows)
    : windows_(std::move(windows)),
      samples_(windows_.empty() ? 1 : *std::max_element(windows_.begin(), windows_.end())) {
  if (windows_.empty()) windows_ = {1};
  for (auto& w : windows_) w = std::max<size_t>(w, 1);
}

void SlidingWindowMean::add_sample(double bytes, double duration_s) {
  if (duration_s > 0 && bytes >= 0) samples_.push(bytes * 8 / duration_s);
}

double SlidingWindowMean::estimate_bps() const {
  if (samples_.size() == 0) return 0;
  double best = 0;
  bool first = true;
  for (size_t w : windows_) {
    const size_t n = std::min(w, samples_.size());
    double sum = 0;
    for (size_t i = samples_.size() - n; i < samples_.size(); ++i) sum += samples_[i];
    const double mean = sum / static_cast<double>(n);
    best = first ? mean : std::min(best, mean);
    first = false;
  }
  return best;
}

void SlidingMin::add_sample(double bytes, double duration_s) {
  if (duration_s > 0 && bytes >= 0) samples_.push(bytes * 8 / duration_s);
}

double SlidingMin::estimate_bps() const {
  if (samples_.size() == 0) return 0;
  double m = samples_[0];
  for (size_t i = 1; i < samples_.size(); ++i) m = std::min(m, samples_[i]);
  return m;
}

}  // namespace abr
