#include "media/mpd/duration.h"

#include <gtest/gtest.h>

namespace media {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(Iso8601Duration, ParsesCommonForms) {
  EXPECT_EQ(parse_iso8601_duration("PT3256S"), seconds(3256));
  EXPECT_EQ(parse_iso8601_duration("PT1.500000S"), milliseconds(1500));
  EXPECT_EQ(parse_iso8601_duration("PT0H3M13.680S"), minutes(3) + milliseconds(13680));
  EXPECT_EQ(parse_iso8601_duration("PT30M"), minutes(30));
  EXPECT_EQ(parse_iso8601_duration("P1DT1H"), hours(25));
  EXPECT_EQ(parse_iso8601_duration("P0Y0M0DT0H3M30.000S"), seconds(210));
  EXPECT_EQ(parse_iso8601_duration("P1W"), hours(7 * 24));
  EXPECT_EQ(parse_iso8601_duration(" PT4S "), seconds(4));
  EXPECT_EQ(parse_iso8601_duration("PT0.0000005S"), microseconds(1));  // rounds to the microsecond
}

TEST(Iso8601Duration, RejectsMalformed) {
  for (const char* bad : {"", "P", "PT", "4S", "PT4", "PTS", "-PT4S", "PT4S5M", "PT1.5M", "PT1.S", "P1S", "PT1H1H",
                          "PT99999999999999999999S", "PT1.5S2S", "P1Y2Y", "PTT4S", "PT 4S"}) {
    EXPECT_FALSE(parse_iso8601_duration(bad).has_value()) << bad;
  }
}

TEST(Iso8601Duration, FormatsShortestCanonical) {
  EXPECT_EQ(format_iso8601_duration(seconds(0)), "PT0S");
  EXPECT_EQ(format_iso8601_duration(seconds(4)), "PT4S");
  EXPECT_EQ(format_iso8601_duration(milliseconds(193680)), "PT3M13.68S");
  EXPECT_EQ(format_iso8601_duration(hours(2) + milliseconds(40)), "PT2H0M0.04S");
  EXPECT_EQ(format_iso8601_duration(hours(1)), "PT1H");
  EXPECT_EQ(format_iso8601_duration(microseconds(1)), "PT0.000001S");
}

TEST(Iso8601Duration, RoundTrips) {
  for (int64_t us : {0LL, 1LL, 999999LL, 1000000LL, 61500000LL, 3600000001LL, 86400000000LL * 3 + 7}) {
    auto text = format_iso8601_duration(microseconds(us));
    EXPECT_EQ(parse_iso8601_duration(text), microseconds(us)) << text;
  }
}

}  // namespace
}  // namespace media
