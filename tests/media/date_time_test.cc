#include "media/mpd/date_time.h"

#include <gtest/gtest.h>

namespace media {
namespace {

TEST(DateTime, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_xs_datetime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_xs_datetime(1714557612.3456), "2024-05-01T10:00:12.346Z");
  EXPECT_EQ(format_xs_datetime(951782400.999), "2000-02-29T00:00:00.999Z");  // leap day
}

TEST(DateTime, ParsesWhatItFormatsAndOffsets) {
  for (double t : {0.0, 1714557612.345, 951782400.5, 4102444800.0}) {
    auto back = parse_xs_datetime(format_xs_datetime(t));
    ASSERT_TRUE(back) << t;
    EXPECT_NEAR(*back, t, 0.0005);
  }
  EXPECT_EQ(parse_xs_datetime("2024-05-01T12:00:12+02:00"), 1714557612.0);
  EXPECT_EQ(parse_xs_datetime("2024-05-01T10:00:12"), 1714557612.0);  // no zone: UTC
}

TEST(DateTime, RejectsMalformedText) {
  for (const char* bad : {"", "2024-05-01", "2024-13-01T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T10:00:12.Z",
                          "2024-05-01T10:00:12ZZ", "2024-05-01 10:00:12Z", "2024-05-01T10:00:12+2:00", "abcd-05-01T10:00:12Z"})
    EXPECT_FALSE(parse_xs_datetime(bad)) << bad;
}

}  // namespace
}  // namespace media
