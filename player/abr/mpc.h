// MPC and robustMPC (Yin et al., "A Control-Theoretic Approach for Dynamic
// Adaptive Video Streaming over HTTP", SIGCOMM 2015) as Pensieve's
// test/mpc.py runs them, which is what the published baselines are:
// - samples: segment bytes / (round trip + transfer), in MB/s;
// - prediction: harmonic mean of the last ≤ 5 samples; robustMPC divides it
//   by 1 + the largest of the last ≤ 5 relative prediction errors;
// - plan: horizon 5 (fewer near the end), QoE_lin objective of the ladder
//   (qoe.h), solved by planner.h's best_plan() with the reference's tie rule
//   (same decision as exhaustive search);
// - two quirks kept for exact numbers (reference_quirks): when segment k is
//   next, the planner uses the sizes of segments k+1 … k+H (missing rows
//   count as 0 bytes, as the reference's get_chunk_size does), and starts
//   from the last chosen rung.
#pragma once

#include <vector>

#include "player/abr/algorithm.h"
#include "player/abr/robust_estimator.h"

namespace abr {

struct MpcOptions {
  bool robust = true;           // divide the prediction by 1 + max recent error
  size_t horizon = 5;           // segments planned ahead
  bool reference_quirks = true; // shifted segment sizes, as the reference runs
  bool exhaustive = false;       // enumerate every sequence (the reference's method; a speed peer)
};

class Mpc : public AbrAlgorithm {
 public:
  explicit Mpc(MpcOptions options = {}) : options_(options) {}
  std::string_view name() const override {
    if (options_.exhaustive) return options_.robust ? "robustmpc-exhaustive" : "mpc-exhaustive";
    return options_.robust ? "robustmpc" : "mpc";
  }
  void observe(const SegmentResult& result) override;
  Decision choose(const AbrContext& context) override;
  double estimate_bps() const override;

  // The prediction the planner uses, in MB/s (0 before any sample).
  double prediction_mbyte_per_s() const;
  size_t leaves_evaluated() const { return leaves_; }

 private:
  MpcOptions options_;
  ErrorDiscountedHarmonicMean estimator_;
  std::vector<double> download_s_;
  std::vector<double> utility_;
  size_t leaves_ = 0;
};

}  // namespace abr
