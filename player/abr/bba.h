// Buffer-based adaptation (Huang et al., "A Buffer-Based Approach to Rate
// Adaptation", SIGCOMM 2014), in two forms:
//
// - BbaRungIndex ("bb"): the form Pensieve's test/bb.py runs and the
//   reference numbers use. B = buffer after the last download, r = reservoir,
//   c = cushion, L = number of rungs:
//     B < r → rung 0;  B ≥ r + c → top rung;  else rung = ⌊(L−1)(B − r)/c⌋.
// - BbaRateMap ("bba"): BBA-0 as the paper defines it: the rate map
//   f(B) = R_min + (R_max − R_min)(B − r)/c is linear in *bitrate*, and the
//   rung changes only when f(B) crosses the next rung above (R+) or below
//   (R−) the previous one: f(B) ≥ R+ → the highest R < f(B);
//   f(B) ≤ R− → the lowest R > f(B); else stay.
// Both use r = 5 s and c = 10 s, the reference values (the paper's 90 s /
// 126 s assume a 240 s buffer).
#pragma once

#include "player/abr/algorithm.h"

namespace abr {

struct BbaOptions {
  double reservoir_s = 5;
  double cushion_s = 10;
};

class BbaRungIndex : public AbrAlgorithm {
 public:
  explicit BbaRungIndex(BbaOptions options = {}) : options_(options) {}
  std::string_view name() const override { return "bb"; }
  void observe(const SegmentResult&) override {}
  Decision choose(const AbrContext& context) override;

 private:
  BbaOptions options_;
};

class BbaRateMap : public AbrAlgorithm {
 public:
  explicit BbaRateMap(BbaOptions options = {}) : options_(options) {}
  std::string_view name() const override { return "bba"; }
  void observe(const SegmentResult&) override {}
  Decision choose(const AbrContext& context) override;

 private:
  BbaOptions options_;
};

}  // namespace abr
