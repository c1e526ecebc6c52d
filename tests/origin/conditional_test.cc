#include "origin/conditional.h"

#include <gtest/gtest.h>

#include "origin/http_date.h"

namespace origin {
namespace {

const Validators kV = make_validators(2107, int64_t{1764055000} * 1'000'000'000 + 5);

TEST(Conditional, EtagIsStrongAndChangesWithFile) {
  EXPECT_EQ(kV.etag.front(), '"');
  EXPECT_NE(kV.etag, make_validators(2108, int64_t{1764055000} * 1'000'000'000 + 5).etag);
  EXPECT_NE(kV.etag, make_validators(2107, int64_t{1764055000} * 1'000'000'000 + 6).etag);
}

TEST(Conditional, IfNoneMatch) {
  EXPECT_TRUE(not_modified(kV, kV.etag, ""));
  EXPECT_TRUE(not_modified(kV, "\"other\", " + kV.etag, ""));
  EXPECT_TRUE(not_modified(kV, "W/" + kV.etag, ""));
  EXPECT_TRUE(not_modified(kV, "*", ""));
  EXPECT_FALSE(not_modified(kV, "\"other\"", ""));
  // If-None-Match wins over If-Modified-Since.
  EXPECT_FALSE(not_modified(kV, "\"other\"", format_http_date(kV.last_modified)));
}

TEST(Conditional, IfModifiedSince) {
  EXPECT_TRUE(not_modified(kV, "", format_http_date(kV.last_modified)));
  EXPECT_TRUE(not_modified(kV, "", format_http_date(kV.last_modified + 60)));
  EXPECT_FALSE(not_modified(kV, "", format_http_date(kV.last_modified - 1)));
  EXPECT_FALSE(not_modified(kV, "", "not a date"));
}

TEST(Conditional, IfRange) {
  EXPECT_TRUE(if_range_allows(kV, ""));
  EXPECT_TRUE(if_range_allows(kV, kV.etag));
  EXPECT_FALSE(if_range_allows(kV, "\"stale\""));
  EXPECT_FALSE(if_range_allows(kV, "W/" + kV.etag));  // weak never matches If-Range
  EXPECT_TRUE(if_range_allows(kV, format_http_date(kV.last_modified)));
  EXPECT_FALSE(if_range_allows(kV, format_http_date(kV.last_modified - 5)));
}

TEST(HttpDate, FormatsAndParsesAllThreeForms) {
  EXPECT_EQ(format_http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), 784111777);
  EXPECT_FALSE(parse_http_date("yesterday"));
}

}  // namespace
}  // namespace origin
