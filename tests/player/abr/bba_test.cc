// Buffer-based rules: the reference's rung-index form (table) and BBA-0's
// rate map with its hysteresis; both never go down when the buffer grows.
#include <gtest/gtest.h>

#include "context_builder.h"
#include "player/abr/bba.h"

namespace abr {
namespace {

using testing::ContextBuilder;

struct Row {
  double buffer_s;
  size_t rung;
};

TEST(BbaRungIndex, TableOfBufferToRung) {
  // r = 5 s, c = 10 s, 6 rungs: rung = ⌊5 (B − 5) / 10⌋.
  const Row rows[] = {{0, 0}, {4.99, 0}, {5, 0}, {6.99, 0}, {7, 1}, {9.5, 2}, {11, 3}, {13, 4}, {14.99, 4}, {15, 5}, {60, 5}};
  for (const auto& row : rows) {
    BbaRungIndex bb;
    ContextBuilder b;
    EXPECT_EQ(bb.choose(b.buffer(row.buffer_s).get()).rung, row.rung) << "buffer " << row.buffer_s;
  }
}

TEST(BbaRungIndex, MonotoneInBuffer) {
  BbaRungIndex bb;
  ContextBuilder b;
  size_t previous = 0;
  for (double buffer = 0; buffer <= 30; buffer += 0.01) {
    const size_t rung = bb.choose(b.buffer(buffer).get()).rung;
    EXPECT_GE(rung, previous) << "buffer " << buffer;
    previous = rung;
  }
  EXPECT_EQ(previous, 5u);
}

TEST(BbaRateMap, ReservoirAndCushionBounds) {
  BbaRateMap bba;
  ContextBuilder b;
  EXPECT_EQ(bba.choose(b.buffer(4).last(3).get()).rung, 0u);
  EXPECT_EQ(bba.choose(b.buffer(16).last(0).get()).rung, 5u);
}

TEST(BbaRateMap, StaysBetweenTheNeighbouringRates) {
  // f(B) = 300 + 4000 (B − 5) / 10 kbit/s. At B = 9, f = 1900: above R+ of
  // rung 2 (1850) → up to the highest rate below f, rung 3. From rung 3 at
  // B = 8 (f = 1500): between R− = 1200 and R+ = 2850 → stay.
  BbaRateMap bba;
  ContextBuilder b;
  EXPECT_EQ(bba.choose(b.buffer(9).last(2).get()).rung, 3u);
  EXPECT_EQ(bba.choose(b.buffer(8).last(3).get()).rung, 3u);
  // B = 6 (f = 700) is below R− = 1200 of rung 3 → the lowest rate above f, rung 1.
  EXPECT_EQ(bba.choose(b.buffer(6).last(3).get()).rung, 1u);
}

TEST(BbaRateMap, MonotoneInBufferFromAnyRung) {
  for (size_t last = 0; last < 6; ++last) {
    BbaRateMap bba;
    ContextBuilder b;
    size_t previous = 0;
    for (double buffer = 0; buffer <= 20; buffer += 0.01) {
      const size_t rung = bba.choose(b.buffer(buffer).last(last).get()).rung;
      EXPECT_GE(rung, previous) << "from rung " << last << " at buffer " << buffer;
      previous = rung;
    }
  }
}

}  // namespace
}  // namespace abr
