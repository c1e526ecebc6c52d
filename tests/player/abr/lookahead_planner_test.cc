// The planners: hand-made cases with a known optimum, and the pruned search
// against plain enumeration on random problems (same first rung, same reward).
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "player/abr/lookahead_planner.h"
#include "player/abr/mpc_search.h"

namespace abr {
namespace {

// Three rungs of 1, 2 and 3 Mbit/s, 4 s segments, at a constant rate.
std::vector<double> constant_rate_downloads(size_t horizon, double rate_mbps) {
  std::vector<double> d;
  for (size_t i = 0; i < horizon; ++i)
    for (double r : {1.0, 2.0, 3.0}) d.push_back(4 * r / rate_mbps);
  return d;
}

TEST(MpcSearch, PicksTheKnownOptimumOnASmallCase) {
  // 2 Mbit/s (downloads of 2, 4 and 6 s), buffer 4 s, from rung 1, μ = 3,
  // horizon 2. By hand: [1,1] keeps the buffer at 4 s: 2 + 2 = 4.
  // [1,0]: 3 − 1 = 2. [1,2]: stall 2 s: 5 − 6 − 1 = −2. [0,x]: 1 at best
  // (one switch down, one up). [2,x]: stalls 2 s at once: −1 at best.
  const auto d = constant_rate_downloads(2, 2);
  const std::vector<double> u = {1e6, 2e6, 3e6};
  PlanProblem p{3, 2, d, u, 1e6, 3, 4, 1, 4};
  const Plan plan = best_plan(p);
  EXPECT_EQ(plan.first_rung, 1u);
  EXPECT_DOUBLE_EQ(plan.reward, 4);
  EXPECT_EQ(best_plan_exhaustive(p).first_rung, 1u);
}

TEST(MpcSearch, TiesGoToTheLaterSequenceAsInTheReference) {
  // Plenty of buffer and throughput, horizon 1 from rung 0: going up gains
  // exactly the switch it pays, so every rung ties at reward 1; the
  // reference keeps the last sequence, the top rung.
  const auto d = constant_rate_downloads(1, 100);
  const std::vector<double> u = {1e6, 2e6, 3e6};
  PlanProblem p{3, 1, d, u, 1e6, 3, 30, 0, 4};
  EXPECT_EQ(best_plan(p).first_rung, 2u);
  EXPECT_EQ(best_plan_exhaustive(p).first_rung, 2u);
}

TEST(MpcSearch, PrunedSearchAgreesWithEnumeration) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> rate(0.2, 6), buffer(0, 30);
  std::uniform_int_distribution<size_t> start(0, 5), horizon(1, 5);
  const std::vector<double> u = {300e3, 750e3, 1200e3, 1850e3, 2850e3, 4300e3};
  size_t pruned_leaves = 0, all_leaves = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const size_t h = horizon(rng);
    std::vector<double> d;
    for (size_t i = 0; i < h; ++i) {
      const double r = rate(rng);  // Mbit/s, different per step
      for (double b : u) d.push_back(b * 4 / 1e6 / r);
    }
    PlanProblem p{6, h, d, u, 1e6, 4.3, buffer(rng), start(rng), 4};
    const Plan fast = best_plan(p), slow = best_plan_exhaustive(p);
    ASSERT_EQ(fast.first_rung, slow.first_rung) << "trial " << trial;
    ASSERT_EQ(fast.reward, slow.reward) << "trial " << trial;
    pruned_leaves += fast.leaves;
    all_leaves += slow.leaves;
  }
  EXPECT_LT(pruned_leaves, all_leaves / 2);  // the pruning does prune
}

TEST(Lookahead, PicksTheKnownOptimumOnASmallCase) {
  // Same case as above in Mbit/s utilities: [1,1], reward 4, 4 s left.
  const auto d = constant_rate_downloads(2, 2);
  const std::vector<double> u = {1, 2, 3, 1, 2, 3};
  LookaheadProblem p{3, 2, d, u, 2, 3, 4, 4, 60};
  const LookaheadPlan plan = plan_lookahead(p);
  EXPECT_EQ(plan.first_rung, 1u);
  EXPECT_DOUBLE_EQ(plan.reward, 4);
  EXPECT_DOUBLE_EQ(plan.end_buffer_s, 4);
  EXPECT_EQ(plan_lookahead_exhaustive(p).first_rung, 1u);
}

TEST(Lookahead, NothingGainedMeansNoRiskTaken) {
  // The last segment of a session: going up gains exactly the switch cost,
  // so the planner stays (the reference robustMPC would go to the top).
  const auto d = constant_rate_downloads(1, 100);
  const std::vector<double> u = {1, 2, 3};
  LookaheadProblem p{3, 1, d, u, 1, 3, 30, 4, 60};
  EXPECT_EQ(plan_lookahead(p).first_rung, 0u);
}

TEST(Lookahead, BufferNeverExceedsTheCap) {
  const auto d = constant_rate_downloads(3, 100);
  const std::vector<double> u = {1, 2, 3, 1, 2, 3, 1, 2, 3};
  LookaheadProblem p{3, 3, d, u, 3, 3, 20, 4, 20};
  const LookaheadPlan plan = plan_lookahead(p);
  EXPECT_EQ(plan.first_rung, 2u);
  EXPECT_DOUBLE_EQ(plan.end_buffer_s, 20);
}

TEST(Lookahead, PrunedSearchAgreesWithEnumeration) {
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
    LookaheadProblem p{6, h, d, u, u[3], use_psnr ? 12.0 : 4.3, buffer(rng), 4, cap(rng)};
    const LookaheadPlan fast = plan_lookahead(p), slow = plan_lookahead_exhaustive(p);
    ASSERT_EQ(fast.first_rung, slow.first_rung) << "trial " << trial;
    ASSERT_DOUBLE_EQ(fast.reward, slow.reward) << "trial " << trial;
    pruned += fast.leaves;
    all += slow.leaves;
  }
  EXPECT_LT(pruned, all / 2);
}

}  // namespace
}  // namespace abr
