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

TEST(Conditional, IfNoneMatchListsAndWeakness) {
  const Validators v = make_validators(10, 1'700'000'000'000'000'000);
  EXPECT_TRUE(not_modified(v, "  \"x\" ,W/" + v.etag + " ", ""));
  EXPECT_FALSE(not_modified(v, v.etag.substr(0, v.etag.size() - 1), ""));  // unterminated tag
  EXPECT_FALSE(not_modified(v, "", "not a date"));
  EXPECT_FALSE(not_modified(v, "", format_http_date(v.last_modified - 1)));
}

TEST(Conditional, IfRangeNeedsAStrongExactMatch) {
  const Validators v = make_validators(10, 1'700'000'000'000'000'000);
  EXPECT_TRUE(if_range_allows(v, v.etag));
  EXPECT_FALSE(if_range_allows(v, "W/" + v.etag));
  EXPECT_TRUE(if_range_allows(v, format_http_date(v.last_modified)));
  EXPECT_FALSE(if_range_allows(v, format_http_date(v.last_modified + 1)));
  EXPECT_FALSE(if_range_allows(v, "garbage"));
}

}  // namespace
}  // namespace origin
