#include "origin/fault_injector.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace origin
