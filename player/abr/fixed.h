// Always the same rung (clamped to the ladder): a floor/ceiling for comparisons
// and a way to pin quality.
#pragma once

#include "player/abr/algorithm.h"

namespace abr {

class FixedRung : public AbrAlgorithm {
 public:
  explicit FixedRung(size_t rung = 0) : rung_(rung) {}
  std::string_view name() const override { return "fixed"; }
  void observe(const SegmentResult&) override {}
  Decision choose(const AbrContext& context) override;

 private:
  size_t rung_;
};

}  // namespace abr
