// The planner (MPC's and hedge's): hand-made cases with a known optimum, both
// tie rules, and the pruned search against plain enumeration on random
// problems (same first rung, same reward).
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "player/abr/planner.h"

namespace abr {
namespace {

// Three rungs of 1, 2 and 3 Mbit/s, 4 s segments, at a constant rate.
std::vector<double> constant_rate_downloads(size_t horizon, double rate_mbps) {
  std::vector<double> d;
  for (size_t i = 0; i < horizon; ++i)
    for (double r : {1.0, 2.0, 3.0}) d.push_back(4 * r / rate_mbps);
  return d;
}

// The same utilities at every step, as MPC plans.
std::vector<double> every_step(size_t horizon, const std::vector<double>& per_rung) {
  std::vector<double> u;
  for (size_t i = 0; i < horizon; ++i) u.insert(u.end(), per_rung.begin(), per_rung.end());
  return u;
}

// MPC's problem: utilities in bit/s, no cap, the reference's ties.
PlanProblem mpc_problem(size_t rungs, size_t horizon, std::span<const double> d, std::span<const double> u,
                        size_t start_rung, double mu, double buffer_s) {
  PlanProblem p;
  p.rungs = rungs;
  p.horizon = horizon;
  p.download_s = d;
  p.utility = u;
  p.previous_utility = u[start_rung];
  p.utility_divisor = 1e6;
  p.rebuffer_penalty = mu;
  p.start_buffer_s = buffer_s;
  p.segment_duration_s = 4;
  p.ties = PlanTieRule::kLaterSequence;
  return p;
}

// hedge's problem: utilities in their unit, a buffer cap, the safer plan wins ties.
PlanProblem hedge_problem(size_t rungs, size_t horizon, std::span<const double> d, std::span<const double> u,
                          double previous_utility, double mu, double buffer_s, double cap_s) {
  PlanProblem p;
  p.rungs = rungs;
  p.horizon = horizon;
  p.download_s = d;
  p.utility = u;
  p.previous_utility = previous_utility;
  p.rebuffer_penalty = mu;
  p.start_buffer_s = buffer_s;
  p.segment_duration_s = 4;
  p.buffer_cap_s = cap_s;
  p.ties = PlanTieRule::kSaferPlan;
  return p;
}

TEST(PlannerReferenceTies, PicksTheKnownOptimumOnASmallCase) {
  // 2 Mbit/s (downloads of 2, 4 and 6 s), buffer 4 s, from rung 1, μ = 3,
  // horizon 2. By hand: [1,1] keeps the buffer at 4 s: 2 + 2 = 4.
  // [1,0]: 3 − 1 = 2. [1,2]: stall 2 s: 5 − 6 − 1 = −2. [0,x]: 1 at best
  // (one switch down, one up). [2,x]: stalls 2 s at once: −1 at best.
  const auto d = constant_rate_downloads(2, 2);
  const auto u = every_step(2, {1e6, 2e6, 3e6});
  const PlanProblem p = mpc_problem(3, 2, d, u, 1, 3, 4);
  const Plan plan = best_plan(p);
  EXPECT_EQ(plan.first_rung, 1u);
  EXPECT_DOUBLE_EQ(plan.reward, 4);
  EXPECT_EQ(best_plan_exhaustive(p).first_rung, 1u);
}

TEST(PlannerReferenceTies, TiesGoToTheLaterSequenceAsInTheReference) {
  // Plenty of buffer and throughput, horizon 1 from rung 0: going up gains
  // exactly the switch it pays, so every rung ties at reward 1; the
  // reference keeps the last sequence, the top rung.
  const auto d = constant_rate_downloads(1, 100);
  const auto u = every_step(1, {1e6, 2e6, 3e6});
  const PlanProblem p = mpc_problem(3, 1, d, u, 0, 3, 30);
  EXPECT_EQ(best_plan(p).first_rung, 2u);
  EXPECT_EQ(best_plan_exhaustive(p).first_rung, 2u);
}

TEST(PlannerReferenceTies, PrunedSearchAgreesWithEnumeration) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> rate(0.2, 6), buffer(0, 30);
  std::uniform_int_distribution<size_t> start(0, 5), horizon(1, 5);
  const std::vector<double> ladder = {300e3, 750e3, 1200e3, 1850e3, 2850e3, 4300e3};
  size_t pruned_leaves = 0, all_leaves = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const size_t h = horizon(rng);
    std::vector<double> d;
    for (size_t i = 0; i < h; ++i) {
      const double r = rate(rng);  // Mbit/s, different per step
      for (double b : ladder) d.push_back(b * 4 / 1e6 / r);
    }
    const auto u = every_step(h, ladder);
    const PlanProblem p = mpc_problem(6, h, d, u, start(rng), 4.3, buffer(rng));
    const Plan fast = best_plan(p), slow = best_plan_exhaustive(p);
    ASSERT_EQ(fast.first_rung, slow.first_rung) << "trial " << trial;
    ASSERT_EQ(fast.reward, slow.reward) << "trial " << trial;
    pruned_leaves += fast.leaves;
    all_leaves += slow.leaves;
  }
  EXPECT_LT(pruned_leaves, all_leaves / 2);  // the pruning does prune
}

TEST(PlannerSaferPlan, PicksTheKnownOptimumOnASmallCase) {
  // Same case as above in Mbit/s utilities: [1,1], reward 4, 4 s left.
  const auto d = constant_rate_downloads(2, 2);
  const std::vector<double> u = {1, 2, 3, 1, 2, 3};
  const PlanProblem p = hedge_problem(3, 2, d, u, 2, 3, 4, 60);
  const Plan plan = best_plan(p);
  EXPECT_EQ(plan.first_rung, 1u);
  EXPECT_DOUBLE_EQ(plan.reward, 4);
  EXPECT_DOUBLE_EQ(plan.end_buffer_s, 4);
  EXPECT_EQ(best_plan_exhaustive(p).first_rung, 1u);
}

TEST(PlannerSaferPlan, NothingGainedMeansNoRiskTaken) {
  // The last segment of a session: going up gains exactly the switch cost,
  // so the planner stays (the reference robustMPC would go to the top).
  const auto d = constant_rate_downloads(1, 100);
  const std::vector<double> u = {1, 2, 3};
  const PlanProblem p = hedge_problem(3, 1, d, u, 1, 3, 30, 60);
  EXPECT_EQ(best_plan(p).first_rung, 0u);
  EXPECT_EQ(best_plan_exhaustive(p).first_rung, 0u);
}

TEST(PlannerSaferPlan, BufferNeverExceedsTheCap) {
  const auto d = constant_rate_downloads(3, 100);
  const std::vector<double> u = {1, 2, 3, 1, 2, 3, 1, 2, 3};
  const PlanProblem p = hedge_problem(3, 3, d, u, 3, 3, 20, 20);
  const Plan plan = best_plan(p);
  EXPECT_EQ(plan.first_rung, 2u);
  EXPECT_DOUBLE_EQ(plan.end_buffer_s, 20);
}

TEST(PlannerSaferPlan, PrunedSearchAgreesWithEnumeration) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> rate(0.2, 6), buffer(0, 30), psnr(30, 45), cap(8, 60);
  std::uniform_int_distribution<size_t> horizon(1, 6), quality(0, 1);
  const std::vector<double> ladder = {0.3, 0.75, 1.2, 1.85, 2.85, 4.3};
  size_t pruned = 0, all = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const size_t h = horizon(rng);
    const bool use_psnr = quality(rng) == 1;
    std::vector<double> d, u;
    for (size_t i = 0; i < h; ++i) {
      const double r = rate(rng);
      double q = psnr(rng);
      for (double b : ladder) {
        d.push_back(0.08 + b * 4 / r);
        u.push_back(use_psnr ? (q += 1.5) : b);
      }
    }
    const PlanProblem p = hedge_problem(6, h, d, u, u[3], use_psnr ? 12.0 : 4.3, buffer(rng), cap(rng));
    const Plan fast = best_plan(p), slow = best_plan_exhaustive(p);
    ASSERT_EQ(fast.first_rung, slow.first_rung) << "trial " << trial;
    ASSERT_DOUBLE_EQ(fast.reward, slow.reward) << "trial " << trial;
    pruned += fast.leaves;
    all += slow.leaves;
  }
  EXPECT_LT(pruned, all / 2);
}

}  // namespace
}  // namespace abr
