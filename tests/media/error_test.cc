#include "media/error.h"

#include <gtest/gtest.h>

namespace media {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return make_error(ErrorCode::kInvalidArgument, "value must be positive");
  return v;
}

Status twice_positive(int v) {
  DS_RETURN_IF_ERROR(parse_positive(v));
  return {};
}

TEST(Error, ResultCarriesValueOrError) {
  auto good = parse_positive(3);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  auto bad = parse_positive(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST(Error, ContextIsPrefixed) {
  Error e = make_error(ErrorCode::kNotFound, "No such file or directory");
  EXPECT_EQ(e.with_context("open input 'in.mp4'").message,
            "open input 'in.mp4': No such file or directory");
}

TEST(Error, ReturnIfErrorPropagates) {
  EXPECT_TRUE(twice_positive(1).ok());
  Status st = twice_positive(0);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "value must be positive");
}

}  // namespace
}  // namespace media
