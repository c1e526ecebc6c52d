// smpc's planner: stochastic dynamic programming over discretised buffer
// levels, as Puffer's Fugu plans (Yan et al., NSDI 2020), over the next H
// segments.
//
// The state before step i is the buffer B and the previous rung l. A step at
// rung r under throughput scenario j (probability w_j) takes
//     d = latency + size_i(r) / rate_ij
// seconds, earns
//     u_i(r) − |u_i(r) − u_{i−1}(l)| − μ·max(d − B, 0)
// and leaves the buffer at min(max(B − d, 0) + segment duration, cap).
// Scenarios are drawn independently at every step, and the policy sees the
// buffer and the rung before it chooses (closed loop: later steps react to
// how the earlier ones went). The value of a state is the expected reward to
// the end of the horizon; values between grid points are interpolated
// linearly. The first rung with the highest expected value is chosen; a
// higher rung must beat a lower one by more than rounding (no risk without
// gain).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace abr {

struct BufferDpProblem {
  size_t rungs = 0;
  size_t horizon = 0;
  std::span<const double> size_bytes;   // [horizon][rungs]
  std::span<const double> utility;      // [horizon][rungs]
  std::span<const double> rates;        // [horizon][scenarios], bytes/s
  std::span<const double> weights;      // [scenarios], summing to 1
  double previous_utility = 0;
  double rebuffer_penalty = 0;  // μ per second of stall
  double start_buffer_s = 0;
  double segment_duration_s = 4;
  double buffer_cap_s = 60;
  double latency_s = 0;
  double buffer_step_s = 0.5;  // grid of the value function
};

struct BufferDpPlan {
  size_t first_rung = 0;
  double value = 0;              // expected reward of the plan
  double stall_probability = 0;  // that the first download stalls
};

// Keeps its tables between calls (one per algorithm object).
class BufferDp {
 public:
  // requires: rungs ≥ 1, horizon ≥ 1, tables of the right size, at least
  // one scenario, positive rates, a positive segment duration and grid step;
  // otherwise returns rung 0.
  BufferDpPlan solve(const BufferDpProblem& problem);

 private:
  std::vector<double> download_s_;  // [horizon][rungs][scenarios]
  std::vector<double> next_, current_, expected_;
};

}  // namespace abr
