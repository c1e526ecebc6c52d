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

TEST(ByteRange, EdgeForms) {
  EXPECT_EQ(decide_range("bytes=0-0", 1).range, (ResolvedRange{0, 0}));
  EXPECT_EQ(decide_range("bytes=-1", 1).range, (ResolvedRange{0, 0}));
  EXPECT_EQ(decide_range("Bytes=2-3", 10).outcome, RangeOutcome::kPartial);  // unit is case-insensitive
  EXPECT_EQ(decide_range("bytes=0-18446744073709551615", 10).range, (ResolvedRange{0, 9}));
  EXPECT_EQ(decide_range("bytes=-18446744073709551615", 10).range, (ResolvedRange{0, 9}));
  EXPECT_EQ(decide_range("bytes=18446744073709551615-", 10).outcome, RangeOutcome::kUnsatisfiable);
  EXPECT_EQ(decide_range("bytes=-5", 0).outcome, RangeOutcome::kUnsatisfiable);
  EXPECT_EQ(decide_range("bytes=10-10", 10).outcome, RangeOutcome::kUnsatisfiable);
  EXPECT_EQ(decide_range("bytes=9-9", 10).range, (ResolvedRange{9, 9}));
}

TEST(ByteRange, GarbageIsIgnored) {
  for (const char* h : {"bytes=-", "bytes=+1-2", "bytes=1-+2", "bytes=0x10-20", "bytes=1.5-2", "bytes=1-2-3",
                        "bytes=-1-2", "bytes=,", "bytes=1-2,", "bytes=18446744073709551616-",
                        "bytes=-18446744073709551616", "bytes 1-2", "=1-2", "bytes=\x01-2"}) {
    EXPECT_EQ(decide_range(h, 100).outcome, RangeOutcome::kFull) << h;
  }
}

}  // namespace
}  // namespace origin
