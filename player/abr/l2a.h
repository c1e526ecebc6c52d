// L2A-LL: "Online learning for low-latency adaptive streaming",
// Karagkioules, Mekuria, Griffioen, Wagenaar (MMSys 2020), as dash.js runs it
// (src/streaming/rules/abr/L2ARule.js, the low-latency rule next to LoL+).
//
// Bitrate choice is online convex optimisation: a probability vector w over
// the rungs is moved by a Lagrangian gradient step after every segment and
// projected back onto the simplex; the rung whose bitrate is nearest w·R is
// played. In the paper's symbols, with R_i the rung bitrates, c the last
// segment's throughput (measured over its bursts, not the whole chunked
// response), ρ the playback rate (sessions fold it into the bitrates they
// pass, as the player does) and V the segment duration:
//
//   w_i ← Π_simplex( w_i + s_i · V/(2α) · (Q + V_L) · ρ R_i / c )
//         s_i = −1 once some rung ≤ i has ρ R_i > c (it would drain the buffer), else +1
//   Q   ← max(0, Q − V + V ρ (R·w + R·(w − w_prev)) / c)     (buffer displacement)
//   rung = argmin_i |R_i − R·w|; a rise is cut to one rung when the next rung
//          fits in c (dash.js's "cautious ascent"); a rung ≥ c sets
//          Q ← react · max(V_L, Q) for the next step.
//
// Constants from the paper / dash.js: horizon h = 4, V_L = h^0.99, α =
// max(h, V_L √h), react = 2. Start-up: the throughput rule (0.9 × the EWMA
// pair, dash.js's safe average) until a segment arrived and the buffer holds
// B_target = 1.5 s; live sessions cap it at half the buffer cap (the target
// latency), since a 1.5 s-latency stream never buffers 1.5 s.
// Not thread-safe; one object per session.
#pragma once

#include <vector>

#include "player/abr/algorithm.h"
#include "player/abr/ewma_estimator.h"

namespace abr {

struct L2aOptions {
  double horizon = 4;           // h: the steps L2A takes to converge
  double react = 2;             // reactiveness to throughput drops (Q re-calibration)
  double buffer_target_s = 1.5; // B_target: leave start-up with this much buffered
  double safety_factor = 0.9;   // start-up: dash.js's bandwidthSafetyFactor
};

// The Euclidean projection of `v` onto the probability simplex
// {x : x ≥ 0, Σx = 1} (Wang & Carreira-Perpiñán, arXiv:1309.1541; dash.js cites
// arXiv:1101.6081). requires: !v.empty().
std::vector<double> project_to_simplex(const std::vector<double>& v);

class L2a : public AbrAlgorithm {
 public:
  explicit L2a(L2aOptions options = {});
  std::string_view name() const override { return "l2a"; }
  void observe(const SegmentResult& result) override;
  Decision choose(const AbrContext& context) override;
  double estimate_bps() const override { return estimate_.estimate_bps(); }

  bool steady() const { return steady_; }
  double lagrangian_q() const { return q_; }
  const std::vector<double>& weights() const { return w_; }

 private:
  Decision startup(const AbrContext& ctx);
  Decision steady_step(const AbrContext& ctx);

  L2aOptions options_;
  double v_l_;    // V_L = h^0.99
  double alpha_;  // α = max(h, V_L √h)
  EwmaPairEstimator estimate_;
  bool steady_ = false;
  double q_ = 0;
  std::vector<double> w_;  // weights of the last step (prev_w in dash.js)
  size_t last_rung_ = 0;
  double last_throughput_bps_ = 0;   // c: the last complete segment's throughput
  double last_segment_s_ = 0;        // V: its media duration (0: unknown)
  size_t segments_ = 0;              // complete segments observed
};

}  // namespace abr
