#include "player/abr/mpc_search.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace abr {
namespace {

struct Search {
  const PlanProblem& p;
  double top_utility = 0;
  double best_reward = 0;
  bool have_best = false;
  size_t best_first = 0;
  size_t leaves = 0;
  // A reward some leaf is known to reach: subtrees that cannot reach it are
  // skipped. It only prunes; which leaf wins is decided by the visit order.
  double prune_floor = 0;

  // Same operations, in the same order, as the reference evaluates one sequence.
  void visit(size_t depth, size_t first, size_t last, double buffer, double stall, double utility_sum,
             double switch_sum) {
    if (depth == p.horizon) {
      ++leaves;
      const double reward = utility_sum / p.utility_divisor - p.rebuffer_penalty * stall - switch_sum / p.utility_divisor;
      if (!have_best || reward >= best_reward) {
        best_reward = reward;
        best_first = first;
        have_best = true;
      }
      return;
    }
    {
      const double floor = have_best ? std::max(best_reward, prune_floor) : prune_floor;
      const double remaining = static_cast<double>(p.horizon - depth);
      const double bound = (utility_sum + remaining * top_utility) / p.utility_divisor -
                           p.rebuffer_penalty * stall - switch_sum / p.utility_divisor;
      // A margin far above rounding error, far below any real difference:
      // a leaf that ties the best must still be visited (ties go to the later one).
      if (bound < floor - 1e-9 * (1 + std::fabs(floor))) return;
    }
    for (size_t r = 0; r < p.rungs; ++r) {
      const double d = p.download_s[depth * p.rungs + r];
      double b = buffer, s = stall;
      if (b < d) {
        s += d - b;
        b = 0;
      } else {
        b -= d;
      }
      b += p.segment_duration_s;
      visit(depth + 1, depth == 0 ? r : first, r, b, s, utility_sum + p.utility[r],
            switch_sum + std::fabs(p.utility[r] - p.utility[last]));
    }
  }
};

// Reward of one sequence, evaluated exactly as the reference does.
double sequence_reward(const PlanProblem& p, std::span<const size_t> seq) {
  double buffer = p.start_buffer_s, stall = 0, utility_sum = 0, switch_sum = 0;
  size_t last = p.start_rung;
  for (size_t i = 0; i < seq.size(); ++i) {
    const double d = p.download_s[i * p.rungs + seq[i]];
    if (buffer < d) {
      stall += d - buffer;
      buffer = 0;
    } else {
      buffer -= d;
    }
    buffer += p.segment_duration_s;
    utility_sum += p.utility[seq[i]];
    switch_sum += std::fabs(p.utility[seq[i]] - p.utility[last]);
    last = seq[i];
  }
  return utility_sum / p.utility_divisor - p.rebuffer_penalty * stall - switch_sum / p.utility_divisor;
}

bool valid(const PlanProblem& p) {
  return p.rungs > 0 && p.rungs <= kMaxPlanRungs && p.horizon > 0 && p.horizon <= kMaxPlanHorizon &&
         p.download_s.size() >= p.horizon * p.rungs && p.utility.size() >= p.rungs && p.start_rung < p.rungs;
}

}  // namespace

Plan best_plan(const PlanProblem& p) {
  if (!valid(p)) return {};
  Search s{p};
  s.top_utility = *std::max_element(p.utility.begin(), p.utility.begin() + static_cast<ptrdiff_t>(p.rungs));
  // Seed the pruning floor with "stay at the start rung" and "lowest rung
  // throughout": both are sequences the search will visit (their prefixes'
  // bounds are at least their rewards), so the maximum is at least the floor.
  std::array<size_t, kMaxPlanHorizon> seq{};
  seq.fill(p.start_rung);
  s.prune_floor = sequence_reward(p, std::span<const size_t>(seq.data(), p.horizon));
  seq.fill(0);
  s.prune_floor = std::max(s.prune_floor, sequence_reward(p, std::span<const size_t>(seq.data(), p.horizon)));
  s.visit(0, 0, p.start_rung, p.start_buffer_s, 0, 0, 0);
  return {s.best_first, s.best_reward, s.leaves};
}

Plan best_plan_exhaustive(const PlanProblem& p) {
  if (!valid(p)) return {};
  std::array<size_t, kMaxPlanHorizon> seq{};
  Plan best;
  bool have = false;
  while (true) {
    const double reward = sequence_reward(p, std::span<const size_t>(seq.data(), p.horizon));
    ++best.leaves;
    if (!have || reward >= best.reward) {
      best.reward = reward;
      best.first_rung = seq[0];
      have = true;
    }
    // Next sequence, first position varying slowest.
    size_t i = p.horizon;
    while (i > 0 && ++seq[i - 1] == p.rungs) seq[--i] = 0;
    if (i == 0) break;
  }
  return best;
}

}  // namespace abr
