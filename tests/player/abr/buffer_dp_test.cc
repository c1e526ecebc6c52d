// The buffer-level dynamic programme: exact against brute force where the
// grid is exact (every buffer level a multiple of the grid step), with one
// scenario (against the branch-and-bound planner's enumeration) and with
// several (against a recursive expectimax), and the choice it makes under risk.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "player/abr/buffer_dp.h"
#include "player/abr/planner.h"

namespace abr {
namespace {

struct RandomProblem {
  size_t rungs = 0, horizon = 0;
  std::vector<double> sizes, utility, rates, weights;
  BufferDpProblem dp;
};

// Sizes and rates chosen so that every download takes a multiple of 0.5 s
// (rate 1 byte/s, sizes in half seconds), the start buffer too: the 0.5 s grid
// is then exact and the programme must equal brute force.
RandomProblem random_problem(std::mt19937& rng, size_t scenarios) {
  std::uniform_int_distribution<int> half_seconds(1, 24), rungs(2, 4), horizon(1, 4), buffer(0, 40), rate(1, 3);
  RandomProblem r;
  r.rungs = static_cast<size_t>(rungs(rng));
  r.horizon = static_cast<size_t>(horizon(rng));
  for (size_t i = 0; i < r.horizon; ++i)
    for (size_t k = 0; k < r.rungs; ++k) {
      r.sizes.push_back(0.5 * half_seconds(rng) * 6);  // divisible by rates 1, 2, 3 and 6 → multiples of 0.5 s
      r.utility.push_back(1.0 + static_cast<double>(k) * 0.7 + 0.1 * static_cast<double>(i));
    }
  for (size_t j = 0; j < scenarios; ++j) r.weights.push_back(1.0 / static_cast<double>(scenarios));
  for (size_t i = 0; i < r.horizon; ++i)
    for (size_t j = 0; j < scenarios; ++j) r.rates.push_back(scenarios == 1 ? 6.0 : 6.0 / rate(rng));
  r.dp.rungs = r.rungs;
  r.dp.horizon = r.horizon;
  r.dp.size_bytes = r.sizes;
  r.dp.utility = r.utility;
  r.dp.rates = r.rates;
  r.dp.weights = r.weights;
  r.dp.previous_utility = r.utility[1];
  r.dp.rebuffer_penalty = 2.5;
  r.dp.start_buffer_s = 0.5 * buffer(rng);
  r.dp.segment_duration_s = 4;
  r.dp.buffer_cap_s = 20;
  r.dp.latency_s = 0;
  r.dp.buffer_step_s = 0.5;
  return r;
}

// Closed-loop expected value by recursion over every rung and scenario.
double expectimax(const BufferDpProblem& p, size_t step, double buffer, double previous_utility) {
  if (step == p.horizon) return 0;
  const size_t k = p.weights.size();
  double best = -INFINITY;
  for (size_t r = 0; r < p.rungs; ++r) {
    const double u = p.utility[step * p.rungs + r];
    double value = u - std::fabs(u - previous_utility);
    for (size_t j = 0; j < k; ++j) {
      const double d = p.latency_s + p.size_bytes[step * p.rungs + r] / p.rates[step * k + j];
      const double next = std::min(std::max(buffer - d, 0.0) + p.segment_duration_s, p.buffer_cap_s);
      value += p.weights[j] * (expectimax(p, step + 1, next, u) - p.rebuffer_penalty * std::max(d - buffer, 0.0));
    }
    best = std::max(best, value);
  }
  return best;
}

TEST(BufferDp, OneScenarioEqualsTheBestPlanByEnumeration) {
  std::mt19937 rng(7);
  BufferDp dp;
  for (int trial = 0; trial < 200; ++trial) {
    RandomProblem r = random_problem(rng, 1);
    std::vector<double> download_s;
    for (double s : r.sizes) download_s.push_back(s / r.rates[0]);
    PlanProblem plan;
    plan.rungs = r.rungs;
    plan.horizon = r.horizon;
    plan.download_s = download_s;
    plan.utility = r.utility;
    plan.previous_utility = r.dp.previous_utility;
    plan.rebuffer_penalty = r.dp.rebuffer_penalty;
    plan.start_buffer_s = r.dp.start_buffer_s;
    plan.segment_duration_s = r.dp.segment_duration_s;
    plan.buffer_cap_s = r.dp.buffer_cap_s;
    const Plan best = best_plan_exhaustive(plan);
    const BufferDpPlan got = dp.solve(r.dp);
    ASSERT_NEAR(got.value, best.reward, 1e-9) << "trial " << trial;
  }
}

TEST(BufferDp, SeveralScenariosEqualExpectimax) {
  std::mt19937 rng(13);
  BufferDp dp;
  for (int trial = 0; trial < 200; ++trial) {
    RandomProblem r = random_problem(rng, 3);
    const BufferDpPlan got = dp.solve(r.dp);
    ASSERT_NEAR(got.value, expectimax(r.dp, 0, r.dp.start_buffer_s, r.dp.previous_utility), 1e-9) << "trial " << trial;
  }
}

TEST(BufferDp, ARareSlowLinkBuysBuffer) {
  // Two rungs (utility 1 and 2), 4 s segments, 6 s of buffer, μ = 4, last
  // segment at rung 1. At 2 B/s rung 1 (8 B) takes 4 s: staying is safe and
  // worth 2, dropping worth 0. With a 20% chance of the link at 0.5 B/s rung
  // 1 takes 16 s and stalls 10 s (2 − 0.2·4·10 = −6); rung 0 stalls 2 s
  // there (0 − 0.2·4·2 = −1.6), so the rare slow link makes it drop.
  const std::vector<double> sizes = {4, 8}, utility = {1, 2};
  const std::vector<double> sure = {2}, one = {1};
  const std::vector<double> risky = {2, 0.5}, split = {0.8, 0.2};
  BufferDpProblem p;
  p.rungs = 2;
  p.horizon = 1;
  p.size_bytes = sizes;
  p.utility = utility;
  p.previous_utility = 2;
  p.rebuffer_penalty = 4;
  p.start_buffer_s = 6;
  p.segment_duration_s = 4;
  p.rates = sure;
  p.weights = one;
  BufferDp dp;
  EXPECT_EQ(dp.solve(p).first_rung, 1u);
  EXPECT_EQ(dp.solve(p).stall_probability, 0);
  p.rates = risky;
  p.weights = split;
  const BufferDpPlan plan = dp.solve(p);
  EXPECT_EQ(plan.first_rung, 0u);
  EXPECT_DOUBLE_EQ(plan.stall_probability, 0.2);  // rung 0 at 0.5 B/s: 8 s for 6 s of buffer
}

TEST(BufferDp, NothingGainedMeansTheLowerRung) {
  // Last segment from rung 0 with plenty of buffer: going up gains exactly
  // the switch it pays; the lower rung wins the tie.
  const std::vector<double> sizes = {1, 2}, utility = {1, 2}, rates = {100}, weights = {1};
  BufferDpProblem p{2, 1, sizes, utility, rates, weights, 1, 4, 30, 4, 60, 0, 0.5};
  EXPECT_EQ(BufferDp().solve(p).first_rung, 0u);
}

TEST(BufferDp, InvalidProblemsChooseTheLowestRung) {
  const std::vector<double> sizes = {1, 2}, utility = {1, 2}, zero_rate = {0}, weights = {1};
  BufferDpProblem p{2, 1, sizes, utility, zero_rate, weights, 1, 4, 30, 4, 60, 0, 0.5};
  EXPECT_EQ(BufferDp().solve(p).first_rung, 0u);
  p.rates = {};
  EXPECT_EQ(BufferDp().solve(p).first_rung, 0u);
}

}  // namespace
}  // namespace abr
