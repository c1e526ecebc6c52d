#include "player/abr/robust_estimator.h"

#include <algorithm>
#include <cmath>

namespace abr {

void ErrorDiscountedHarmonicMean::add_sample(double bytes, double duration_s) {
  if (duration_s > 0 && bytes > 0) add_rate(bytes * 8 / duration_s);
}

void ErrorDiscountedHarmonicMean::add_rate(double rate) {
  if (!(rate > 0)) return;
  errors_.push(last_prediction_ > 0 ? std::fabs(last_prediction_ - rate) / rate : 0.0);
  mean_.add_rate(rate);
  last_prediction_ = mean_.estimate();
}

double ErrorDiscountedHarmonicMean::max_error() const {
  double m = 0;
  for (size_t i = 0; i < errors_.size(); ++i) m = std::max(m, errors_[i]);
  return m;
}

double ErrorDiscountedHarmonicMean::discounted() const { return harmonic() / (1 + max_error()); }

void ErrorDiscountedHarmonicMean::reset() {
  mean_.reset();
  errors_.clear();
  last_prediction_ = 0;
}

}  // namespace abr
