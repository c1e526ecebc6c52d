#include "origin/fault_injector.h"

#include <gtest/gtest.h>

#include <vector>

namespace origin {
namespace {

std::vector<int> kinds(FaultInjector& f, int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i) {
    FaultPlan p = f.plan("/v/" + std::to_string(i % 7) + ".m4s", "");
    out.push_back(p.fail ? 1 : p.drop ? 2 : p.stall ? 3 : 0);
  }
  return out;
}

TEST(FaultInjector, ReproducibleForASeed) {
  FaultOptions o{0.1, 0.1, 0.1, 1, 42};
  FaultInjector a(o), b(o);
  EXPECT_EQ(kinds(a, 500), kinds(b, 500));
  o.seed = 43;
  FaultInjector c(o);
  FaultInjector a2(FaultOptions{0.1, 0.1, 0.1, 1, 42});
  EXPECT_NE(kinds(a2, 500), kinds(c, 500));
}

TEST(FaultInjector, RatesAreRespected) {
  FaultInjector f(FaultOptions{0.05, 0.02, 0.10, 1, 7});
  const int n = 20000;
  int fail = 0, drop = 0, stall = 0;
  for (int i = 0; i < n; ++i) {
    FaultPlan p = f.plan("/s/" + std::to_string(i) + ".m4s", "");
    fail += p.fail;
    drop += p.drop;
    stall += p.stall;
    EXPECT_GE(p.at_fraction, 0.2);
    EXPECT_LE(p.at_fraction, 0.8);
  }
  EXPECT_NEAR(fail / double(n), 0.05, 0.01);
  EXPECT_NEAR(drop / double(n), 0.02, 0.01);
  EXPECT_NEAR(stall / double(n), 0.10, 0.01);
}

TEST(FaultInjector, RetryOfAFailedRequestGetsAFreshDraw) {
  FaultInjector f(FaultOptions{0.5, 0, 0, 1, 3});
  int failed_twice_in_a_row = 0, failed = 0;
  for (int i = 0; i < 1000; ++i) {
    std::string path = "/x/" + std::to_string(i);
    if (f.plan(path, "").fail) {
      ++failed;
      failed_twice_in_a_row += f.plan(path, "").fail;
    }
  }
  EXPECT_NEAR(failed_twice_in_a_row / double(failed), 0.5, 0.1);
}

TEST(FaultInjector, NoFaultsByDefault) {
  FaultInjector f(FaultOptions{});
  for (int i = 0; i < 100; ++i) {
    FaultPlan p = f.plan("/a", "");
    EXPECT_FALSE(p.fail || p.drop || p.stall);
  }
}

TEST(FaultInjector, PlansDoNotDependOnTheOrderOfOtherRequests) {
  FaultOptions o;
  o.fail_rate = 0.2;
  o.drop_rate = 0.2;
  o.stall_rate = 0.2;
  o.seed = 99;
  FaultInjector forward(o), backward(o);
  const std::vector<std::string> paths = {"/v0/1.m4s", "/v0/2.m4s", "/v1/1.m4s", "/a/1.m4s"};
  auto same = [](const FaultPlan& a, const FaultPlan& b) {
    return a.fail == b.fail && a.drop == b.drop && a.stall == b.stall && a.at_fraction == b.at_fraction;
  };
  std::vector<FaultPlan> f, b;
  for (int round = 0; round < 5; ++round)
    for (const auto& p : paths) f.push_back(forward.plan(p, ""));
  for (int round = 0; round < 5; ++round)
    for (auto it = paths.rbegin(); it != paths.rend(); ++it) b.push_back(backward.plan(*it, ""));
  // Same (path, occurrence) → same plan.
  for (int round = 0; round < 5; ++round)
    for (size_t i = 0; i < paths.size(); ++i)
      EXPECT_TRUE(same(f[round * paths.size() + i], b[round * paths.size() + (paths.size() - 1 - i)]))
          << paths[i] << " round " << round;
  // A range of the same file is a different request.
  FaultInjector ranged(o);
  int differ = 0;
  for (int i = 0; i < 50; ++i) {
    const std::string r = "bytes=" + std::to_string(i * 1000) + "-" + std::to_string(i * 1000 + 999);
    FaultInjector plain(o);
    differ += !same(ranged.plan("/big.mp4", r), plain.plan("/big.mp4", ""));
  }
  EXPECT_GT(differ, 0);
}

}  // namespace
}  // namespace origin
