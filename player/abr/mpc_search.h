// The planning step of MPC (Yin et al., SIGCOMM 2015): over the next H
// segments, find the sequence of rungs that maximises
//     Σ u(r_i)/D − μ Σ stall_i − Σ |u(r_i) − u(r_{i−1})|/D
// where the buffer evolves as: download time d_i; stall_i = max(d_i − B, 0);
// B = max(B − d_i, 0) + segment duration; r_{−1} = the start rung.
// u/D keeps the arithmetic of the reference implementation (u in bit/s or
// kbit/s, D = 1e6 or 1e3: integers summed exactly, one division at the end).
//
// best_plan() returns the same first rung as exhaustive enumeration in
// lexicographic order with ties going to the later sequence (the reference's
// `reward >= max_reward`), but prunes: a depth-first search over prefixes
// in the same order computes the buffer and stall of each prefix once and
// skips a subtree when even the top rung everywhere below it with no further
// stall or switch could not reach the best reward found so far.
#pragma once

#include <cstddef>
#include <span>

namespace abr {

inline constexpr size_t kMaxPlanHorizon = 8;
inline constexpr size_t kMaxPlanRungs = 32;

struct PlanProblem {
  size_t rungs = 0;
  size_t horizon = 0;                   // 1..kMaxPlanHorizon
  std::span<const double> download_s;   // [horizon][rungs], row-major
  std::span<const double> utility;      // u per rung
  double utility_divisor = 1;           // D
  double rebuffer_penalty = 0;          // μ per second of stall
  double start_buffer_s = 0;
  size_t start_rung = 0;
  double segment_duration_s = 4;
};

struct Plan {
  size_t first_rung = 0;
  double reward = 0;
  size_t leaves = 0;  // complete sequences evaluated (for the benchmark)
};

Plan best_plan(const PlanProblem& problem);
// Plain enumeration of every sequence, the reference's algorithm; for tests.
Plan best_plan_exhaustive(const PlanProblem& problem);

}  // namespace abr
