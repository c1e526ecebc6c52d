#include "player/abr/planner.h"

#include <algorithm>
#include <array>

namespace abr {
namespace {

// Rewards this close are equal in exact arithmetic; their difference is
// rounding (the same stall reached through different sums).
double tie_tolerance(double reward) { return 1e-9 * (1 + std::fabs(reward)); }

// One step of the buffer: the stall it causes is added to `stall`.
void step(double download_s, double segment_s, double cap_s, double& buffer, double& stall) {
  if (buffer < download_s) {
    stall += download_s - buffer;
    buffer = 0;
  } else {
    buffer -= download_s;
  }
  buffer = std::min(buffer + segment_s, cap_s);
}

double reward_of(const PlanProblem& p, double utility_sum, double stall, double switch_sum) {
  return utility_sum / p.utility_divisor - p.rebuffer_penalty * stall - switch_sum / p.utility_divisor;
}

// Does a complete plan replace the best so far (which is `best`, reward
// -INFINITY before the first)?
bool replaces(const PlanProblem& p, double reward, double end_buffer, const Plan& best) {
  if (p.ties == PlanTieRule::kLaterSequence) return reward >= best.reward;
  if (best.reward == -INFINITY) return true;
  const double tol = tie_tolerance(best.reward);
  if (reward > best.reward + tol) return true;
  if (reward < best.reward - tol) return false;
  return end_buffer > best.end_buffer_s + 1e-9;
}

struct Leaf {
  double reward = 0;
  double end_buffer_s = 0;
};

Leaf evaluate(const PlanProblem& p, std::span<const size_t> seq) {
  double buffer = p.start_buffer_s, stall = 0, utility_sum = 0, switch_sum = 0, last = p.previous_utility;
  for (size_t i = 0; i < seq.size(); ++i) {
    step(p.download_s[i * p.rungs + seq[i]], p.segment_duration_s, p.buffer_cap_s, buffer, stall);
    const double u = p.utility[i * p.rungs + seq[i]];
    utility_sum += u;
    switch_sum += std::fabs(u - last);
    last = u;
  }
  return {reward_of(p, utility_sum, stall, switch_sum), buffer};
}

struct Search {
  const PlanProblem& p;
  std::array<double, kMaxPlanHorizon + 1> best_rest{};  // Σ of the best utility over steps i..H−1
  // A reward some leaf is known to reach: subtrees that cannot reach it are
  // skipped. It only prunes; which leaf wins is decided by the visit order.
  double prune_floor = -INFINITY;
  Plan best{0, -INFINITY, 0, 0};

  void visit(size_t depth, size_t first, double last_utility, double buffer, double stall, double utility_sum,
             double switch_sum) {
    if (depth == p.horizon) {
      ++best.leaves;
      const double reward = reward_of(p, utility_sum, stall, switch_sum);
      if (replaces(p, reward, buffer, best)) {
        best.reward = reward;
        best.end_buffer_s = buffer;
        best.first_rung = first;
      }
      return;
    }
    // Stall and switching only grow: this bounds every completion. A margin
    // far above rounding, far below any real difference: a leaf that ties
    // the best must still be visited (it may win the tie).
    const double floor = std::max(best.reward, prune_floor);
    const double bound = reward_of(p, utility_sum + best_rest[depth], stall, switch_sum);
    if (floor != -INFINITY && bound < floor - 2 * tie_tolerance(floor)) return;
    for (size_t r = 0; r < p.rungs; ++r) {
      double b = buffer, s = stall;
      step(p.download_s[depth * p.rungs + r], p.segment_duration_s, p.buffer_cap_s, b, s);
      const double u = p.utility[depth * p.rungs + r];
      visit(depth + 1, depth == 0 ? r : first, u, b, s, utility_sum + u, switch_sum + std::fabs(u - last_utility));
    }
  }
};

bool valid_plan(const PlanProblem& p) {
  return p.rungs > 0 && p.rungs <= kMaxPlanRungs && p.horizon > 0 && p.horizon <= kMaxPlanHorizon &&
         p.download_s.size() >= p.horizon * p.rungs && p.utility.size() >= p.horizon * p.rungs;
}

}  // namespace

Plan best_plan(const PlanProblem& p) {
  if (!valid_plan(p)) return {};
  Search s{p};
  for (size_t i = p.horizon; i-- > 0;) {
    const auto row = p.utility.subspan(i * p.rungs, p.rungs);
    s.best_rest[i] = s.best_rest[i + 1] + *std::max_element(row.begin(), row.end());
  }
  // Seed the floor with the plans that stay on one rung: the search visits
  // them, so the best plan reaches at least the floor.
  std::array<size_t, kMaxPlanHorizon> seq{};
  for (size_t r = 0; r < p.rungs; ++r) {
    seq.fill(r);
    s.prune_floor = std::max(s.prune_floor, evaluate(p, std::span<const size_t>(seq.data(), p.horizon)).reward);
  }
  s.visit(0, 0, p.previous_utility, p.start_buffer_s, 0, 0, 0);
  return s.best;
}

Plan best_plan_exhaustive(const PlanProblem& p) {
  if (!valid_plan(p)) return {};
  std::array<size_t, kMaxPlanHorizon> seq{};
  Plan best{0, -INFINITY, 0, 0};
  while (true) {
    const Leaf leaf = evaluate(p, std::span<const size_t>(seq.data(), p.horizon));
    ++best.leaves;
    if (replaces(p, leaf.reward, leaf.end_buffer_s, best)) {
      best.reward = leaf.reward;
      best.end_buffer_s = leaf.end_buffer_s;
      best.first_rung = seq[0];
    }
    // Next sequence, first position varying slowest.
    size_t i = p.horizon;
    while (i > 0 && ++seq[i - 1] == p.rungs) seq[--i] = 0;
    if (i == 0) break;
  }
  return best;
}

}  // namespace abr
