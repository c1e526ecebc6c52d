// Estimators over the last few samples:
// - SlidingHarmonicMean: harmonic mean of the last N rates (Pensieve's RB and
//   MPC use N = 5); the harmonic mean is dominated by the slow samples, so
//   one fast outlier cannot lift it much.
// - SlidingWindowMean: Sabre's "sliding" average, the mean over each of
//   several window lengths, reporting the smallest.
// - SlidingMin: the smallest of the last N samples.
// Each keeps rates in the unit it is given (add_rate) and reports in it;
// add_sample feeds bit/s.
#pragma once

#include <cstddef>
#include <vector>

#include "player/abr/estimator.h"

namespace abr {

// The last `capacity` values, oldest first.
class SampleWindow {
 public:
  explicit SampleWindow(size_t capacity);
  void push(double value);
  size_t size() const { return size_; }
  size_t capacity() const { return values_.size(); }
  // i = 0 is the oldest kept value.
  double operator[](size_t i) const { return values_[(start_ + i) % values_.size()]; }
  double newest() const { return (*this)[size_ - 1]; }
  void clear() { size_ = start_ = 0; }

 private:
  std::vector<double> values_;
  size_t start_ = 0;
  size_t size_ = 0;
};

class SlidingHarmonicMean : public ThroughputEstimator {
 public:
  explicit SlidingHarmonicMean(size_t window = 5) : window_(window == 0 ? 1 : window) {}
  void add_sample(double bytes, double duration_s) override;
  double estimate_bps() const override { return estimate(); }
  void reset() override { window_.clear(); }

  void add_rate(double rate);
  // Σ 1/x in order, oldest first, then n / Σ (the order matters for
  // bit-exact agreement with the reference implementation). 0 when empty.
  double estimate() const;
  size_t count() const { return window_.size(); }

 private:
  SampleWindow window_;
};

class SlidingWindowMean : public ThroughputEstimator {
 public:
  // Sabre's default is a single window of 3 samples.
  explicit SlidingWindowMean(std::vector<size_t> windows = {3});
  void add_sample(double bytes, double duration_s) override;
  double estimate_bps() const override;
  void reset() override { samples_.clear(); }

 private:
  std::vector<size_t> windows_;
  SampleWindow samples_;
};

class SlidingMin : public ThroughputEstimator {
 public:
  explicit SlidingMin(size_t window = 5) : samples_(window == 0 ? 1 : window) {}
  void add_sample(double bytes, double duration_s) override;
  double estimate_bps() const override;
  void reset() override { samples_.clear(); }

 private:
  SampleWindow samples_;
};

}  // namespace abr
