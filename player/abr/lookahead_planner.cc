#include "player/abr/lookahead_planner.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace abr {
namespace {

// Rewards this close are equal in exact arithmetic; their difference is
// rounding (e.g. the same stall reached through different sums).
double tie_tolerance(double reward) { return 1e-9 * (1 + std::fabs(reward)); }

// Plan a is better than plan b: higher reward; equal reward: more buffer
// left (the first plan found wins remaining ties, i.e. the lower first rung).
bool better(double reward, double buffer, double best_reward, double best_buffer) {
  if (best_reward == -INFINITY) return true;
  const double tol = tie_tolerance(best_reward);
  if (reward > best_reward + tol) return true;
  if (reward < best_reward - tol) return false;
  return buffer > best_buffer + 1e-9;
}

struct Search {
  const LookaheadProblem& p;
  std::array<double, kMaxLookahead + 1> best_rest{};  // Σ of the best utility over steps i..H−1
  LookaheadPlan best{0, -INFINITY, -INFINITY, 0};

  void visit(size_t depth, size_t first, double last_utility, double buffer, double stall, double value) {
    if (depth == p.horizon) {
      ++best.leaves;
      const double reward = value - p.rebuffer_penalty * stall;
      if (better(reward, buffer, best.reward, best.end_buffer_s)) {
        best.reward = reward;
        best.end_buffer_s = buffer;
        best.first_rung = first;
      }
      return;
    }
    // Stall and switching only grow: this bounds every completion. A
    // completion that ties the best (and may win on buffer) is still seen.
    const double bound = value + best_rest[depth] - p.rebuffer_penalty * stall;
    if (best.reward != -INFINITY && bound < best.reward - 2 * tie_tolerance(best.reward)) return;
    for (size_t r = 0; r < p.rungs; ++r) {
      const double d = p.download_s[depth * p.rungs + r];
      const double u = p.utility[depth * p.rungs + r];
      double b = buffer, s = stall;
      if (b < d) {
        s += d - b;
        b = 0;
      } else {
        b -= d;
      }
      b = std::min(b + p.segment_duration_s, p.buffer_cap_s);
      visit(depth + 1, depth == 0 ? r : first, u, b, s, value + u - std::fabs(u - last_utility));
    }
  }
};

bool valid(const LookaheadProblem& p) {
  return p.rungs > 0 && p.horizon > 0 && p.horizon <= kMaxLookahead && p.download_s.size() >= p.horizon * p.rungs &&
         p.utility.size() >= p.horizon * p.rungs;
}

}  // namespace

LookaheadPlan plan_lookahead(const LookaheadProblem& p) {
  if (!valid(p)) return {};
  Search s{p};
  for (size_t i = p.horizon; i-- > 0;) {
    double m = p.utility[i * p.rungs];
    for (size_t r = 1; r < p.rungs; ++r) m = std::max(m, p.utility[i * p.rungs + r]);
    s.best_rest[i] = s.best_rest[i + 1] + m;
  }
  s.visit(0, 0, p.previous_utility, p.start_buffer_s, 0, 0);
  return s.best;
}

LookaheadPlan plan_lookahead_exhaustive(const LookaheadProblem& p) {
  if (!valid(p)) return {};
  LookaheadPlan best{0, -INFINITY, -INFINITY, 0};
  std::array<size_t, kMaxLookahead> seq{};
  while (true) {
    double buffer = p.start_buffer_s, stall = 0, value = 0, last = p.previous_utility;
    for (size_t i = 0; i < p.horizon; ++i) {
      const double d = p.download_s[i * p.rungs + seq[i]];
      const double u = p.utility[i * p.rungs + seq[i]];
      if (buffer < d) {
        stall += d - buffer;
        buffer = 0;
      } else {
        buffer -= d;
      }
      buffer = std::min(buffer + p.segment_duration_s, p.buffer_cap_s);
      value += u - std::fabs(u - last);
      last = u;
    }
    ++best.leaves;
    const double reward = value - p.rebuffer_penalty * stall;
    if (better(reward, buffer, best.reward, best.end_buffer_s)) {
      best.reward = reward;
      best.end_buffer_s = buffer;
      best.first_rung = seq[0];
    }
    size_t i = p.horizon;
    while (i > 0 && ++seq[i - 1] == p.rungs) seq[--i] = 0;
    if (i == 0) break;
  }
  return best;
}

}  // namespace abr
