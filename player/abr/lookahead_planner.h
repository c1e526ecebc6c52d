// The planning step of hedge: over the next H segments (H ≤ 8) find the
// rung sequence that maximises
//     Σ_i [u_i(r_i) − |u_i(r_i) − u_{i−1}(r_{i−1})|] − μ Σ_i stall_i
// with download time d_i(r) known per step and rung, stall_i = max(d_i − B, 0),
// B ← min(max(B − d_i, 0) + segment duration, buffer cap). u_{−1}(r_{−1}) is
// the utility of the previous segment. Among equally good plans the one
// that ends with more buffer wins, then the lower first rung: when nothing is
// gained, take no risk. Depth-first search in rung order with
// branch-and-bound (a prefix is dropped when even the best utility in every
// remaining step, with no more stall or switching, cannot beat the best
// plan), which returns the same plan as enumerating all R^H sequences.
#pragma once

#include <cstddef>
#include <span>

namespace abr {

inline constexpr size_t kMaxLookahead = 8;

struct LookaheadProblem {
  size_t rungs = 0;
  size_t horizon = 0;                  // 1..kMaxLookahead
  std::span<const double> download_s;  // [horizon][rungs]
  std::span<const double> utility;     // [horizon][rungs]
  double previous_utility = 0;         // u of the segment before the plan
  double rebuffer_penalty = 0;         // μ per second of stall
  double start_buffer_s = 0;
  double segment_duration_s = 4;
  double buffer_cap_s = 1e9;
};

struct LookaheadPlan {
  size_t first_rung = 0;
  double reward = 0;
  double end_buffer_s = 0;
  size_t leaves = 0;  // complete plans evaluated
};

// requires: rungs ≥ 1, 1 ≤ horizon ≤ kMaxLookahead, tables of the right size.
LookaheadPlan plan_lookahead(const LookaheadProblem& problem);
// Every sequence, in the same order and with the same tie rule; for tests.
LookaheadPlan plan_lookahead_exhaustive(const LookaheadProblem& problem);

}  // namespace abr
