// Decisions print their reasons with the numbers.
#include <gtest/gtest.h>

#include <sstream>

#include "player/abr/types.h"

namespace abr {
namespace {

TEST(Reason, RendersItsNumbers) {
  EXPECT_EQ(make_reason("plain").text(), "plain");
  EXPECT_EQ(make_reason("%.1f s and %.0f kbit/s", 2.25, 1850.0).text(), "2.2 s and 1850 kbit/s");
  EXPECT_EQ(make_reason("%g %g %g %g", 1, 2, 3, 4).text(), "1 2 3 4");
}

TEST(Decision, PrintsRungWaitAndReason) {
  Decision d;
  d.rung = 3;
  d.wait_s = 1.5;
  d.reason = make_reason("buffer %.0f s", 12.0);
  std::ostringstream os;
  os << d;
  EXPECT_EQ(os.str(), "{rung 3, wait 1.5 s: buffer 12 s}");
}

TEST(AbrContext, SizeFallsBackToNominalPastTheTable) {
  const std::vector<double> ladder = {1e6, 2e6};
  const std::vector<double> sizes = {100, 200};
  AbrContext ctx;
  ctx.bitrates_bps = ladder;
  ctx.segment_duration_s = 2;
  ctx.upcoming_sizes_bytes = {sizes, 2};
  EXPECT_EQ(ctx.size_bytes(0, 1), 200);
  EXPECT_EQ(ctx.size_bytes(1, 1), 2e6 * 2 / 8);
}

}  // namespace
}  // namespace abr
