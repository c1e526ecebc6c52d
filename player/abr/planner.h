// The planning step of MPC-style algorithms (Yin et al., SIGCOMM 2015), used
// by mpc/robustmpc and by hedge: over the next H segments (H ≤ 8) find the
// rung sequence that maximises
//     Σ_i u_i(r_i)/D − μ Σ_i stall_i − Σ_i |u_i(r_i) − u_{i−1}(r_{i−1})|/D
// with the download time d_i(r) known per step and rung, and the buffer B
// evolving as stall_i = max(d_i − B, 0), B ← min(max(B − d_i, 0) + segment
// duration, buffer cap). u_{−1}(r_{−1}) is the utility of the previous
// segment. D keeps the reference's arithmetic: utilities in bit/s summed
// exactly, one division at the end (D = 1 when utilities are already in
// their unit).
//
// Two rules for equally good plans:
// - kLaterSequence: the reference MPC's `reward >= max_reward` over the
//   sequences enumerated with the first position varying slowest (robustMPC
//   reproduces the published numbers with it);
// - kSaferPlan: rewards within rounding are equal; then more buffer left at
//   the end wins, then the lower first rung (hedge: no risk without gain).
//
// best_plan() is a depth-first search in enumeration order with
// branch-and-bound: a prefix is dropped when even the best utility in every
// remaining step, with no more stall or switching, cannot reach the best
// reward known. It returns the same plan as enumerating all R^H sequences
// (best_plan_exhaustive, the tests' oracle and the benchmark's peer).
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

namespace abr {

inline constexpr size_t kMaxPlanHorizon = 8;
inline constexpr size_t kMaxPlanRungs = 32;

enum class PlanTieRule { kLaterSequence, kSaferPlan };

struct PlanProblem {
  size_t rungs = 0;
  size_t horizon = 0;                  // 1..kMaxPlanHorizon
  std::span<const double> download_s;  // [horizon][rungs], row-major
  std::span<const double> utility;     // [horizon][rungs], row-major
  double previous_utility = 0;         // u of the segment before the plan
  double utility_divisor = 1;          // D
  double rebuffer_penalty = 0;         // μ per second of stall
  double start_buffer_s = 0;
  double segment_duration_s = 4;
  double buffer_cap_s = INFINITY;
  PlanTieRule ties = PlanTieRule::kSaferPlan;
};

struct Plan {
  size_t first_rung = 0;
  double reward = 0;
  double end_buffer_s = 0;
  size_t leaves = 0;  // complete sequences evaluated (for the benchmark)
};

// requires: 1 ≤ rungs ≤ kMaxPlanRungs, 1 ≤ horizon ≤ kMaxPlanHorizon, tables
// of the right size; otherwise returns Plan{} (rung 0).
Plan best_plan(const PlanProblem& problem);
// Every sequence, in enumeration order, with the same tie rule.
Plan best_plan_exhaustive(const PlanProblem& problem);

}  // namespace abr
