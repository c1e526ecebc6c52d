#include "origin/byte_range.h"

#include <gtest/gtest.h>

namespace origin {
namespace {

constexpr uint64_t kSize = 1000;

TEST(ByteRange, Forms) {
  EXPECT_EQ(decide_range("bytes=0-99", kSize).range, (ResolvedRange{0, 99}));
  EXPECT_EQ(decide_range("bytes=900-", kSize).range, (ResolvedRange{900, 999}));
  EXPECT_EQ(decide_range("bytes=-100", kSize).range, (ResolvedRange{900, 999}));
  EXPECT_EQ(decide_range("bytes=-5000", kSize).range, (ResolvedRange{0, 999}));
  EXPECT_EQ(decide_range("bytes=990-5000", kSize).range, (ResolvedRange{990, 999}));  // clamped
  EXPECT_EQ(decide_range("BYTES = 1-1", kSize).outcome, RangeOutcome::kFull);         // space before '=': malformed
  EXPECT_EQ(decide_range("bytes=1-1", kSize).range.length(), 1u);
}

TEST(ByteRange, Unsatisfiable) {
  EXPECT_EQ(decide_range("bytes=1000-", kSize).outcome, RangeOutcome::kUnsatisfiable);
  EXPECT_EQ(decide_range("bytes=5000-6000", kSize).outcome, RangeOutcome::kUnsatisfiable);
  EXPECT_EQ(decide_range("bytes=-0", kSize).outcome, RangeOutcome::kUnsatisfiable);
  EXPECT_EQ(decide_range("bytes=0-", 0).outcome, RangeOutcome::kUnsatisfiable);
}

TEST(ByteRange, IgnoredAsFull) {
  for (const char* h : {"", "items=0-1", "bytes=", "bytes=a-b", "bytes=5-2", "bytes=0-1,5-6", "bytes=--1",
                        "bytes=1", "bytes=99999999999999999999999-"}) {
    EXPECT_EQ(decide_range(h, kSize).outcome, RangeOutcome::kFull) << h;
  }
}

}  // namespace
}  // namespace origin
