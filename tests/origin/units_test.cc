#include "origin/units.h"

#include <gtest/gtest.h>

namespace origin {
namespace {

TEST(Units, Rates) {
  EXPECT_EQ(parse_rate_bps("4mbit"), 4e6);
  EXPECT_EQ(parse_rate_bps("750kbit"), 750e3);
  EXPECT_EQ(parse_rate_bps("2.5Mbps"), 2.5e6);
  EXPECT_EQ(parse_rate_bps("1000"), 1000);
  EXPECT_FALSE(parse_rate_bps("fast"));
  EXPECT_FALSE(parse_rate_bps("4 parsecs"));
  EXPECT_FALSE(parse_rate_bps("-4mbit"));
}

TEST(Units, Durations) {
  EXPECT_EQ(parse_duration_ms("40ms"), 40);
  EXPECT_EQ(parse_duration_ms("1.5s"), 1500);
  EXPECT_EQ(parse_duration_ms("200"), 200);
  EXPECT_FALSE(parse_duration_ms("soon"));
}

TEST(Units, MoreForms) {
  EXPECT_EQ(parse_rate_bps("1.5gbit"), 1.5e9);
  EXPECT_EQ(parse_rate_bps(" 4mbit "), 4e6);
  EXPECT_EQ(parse_duration_ms("0.5s"), 500);
  for (const char* bad : {"", ".", "4..5mbit", "mbit", "4mbitx", "1e6", "nan", "4 m bit"})
    EXPECT_FALSE(parse_rate_bps(bad).has_value()) << bad;
  for (const char* bad : {"", "-5ms", "5 minutes", "5h"}) EXPECT_FALSE(parse_duration_ms(bad).has_value()) << bad;
}

}  // namespace
}  // namespace origin
