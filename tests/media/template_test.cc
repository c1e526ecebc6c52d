#include "media/mpd/template.h"

#include <gtest/gtest.h>

namespace media {
namespace {

TemplateValues values() {
  TemplateValues v;
  v.representation_id = "v720";
  v.number = 42;
  v.time = 360000;
  v.bandwidth = 3000000;
  return v;
}

TEST(Template, ExpandsEveryIdentifier) {
  auto r = expand_template("$RepresentationID$/$Number$-$Time$-$Bandwidth$.m4s", values());
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(*r, "v720/42-360000-3000000.m4s");
}

TEST(Template, WidthFormats) {
  EXPECT_EQ(*expand_template("seg_$Number%05d$.m4s", values()), "seg_00042.m4s");
  EXPECT_EQ(*expand_template("$Time%012d$", values()), "000000360000");
  EXPECT_EQ(*expand_template("$Number%1d$", values()), "42");
  EXPECT_EQ(*expand_template("$Number%x$", values()), "2a");
}

TEST(Template, DoubleDollarIsLiteral) {
  EXPECT_EQ(*expand_template("cost$$5-$Number$", values()), "cost$5-42");
}

TEST(Template, ErrorsNameTheProblem) {
  auto unterminated = expand_template("$Bandwidth%/init.mp4v", values());
  ASSERT_FALSE(unterminated.ok());
  EXPECT_NE(unterminated.error().message.find("unterminated"), std::string::npos);
  EXPECT_FALSE(expand_template("$Foo$", values()).ok());
  EXPECT_FALSE(expand_template("$RepresentationID%05d$", values()).ok());
  EXPECT_FALSE(expand_template("$Number%05s$", values()).ok());
  EXPECT_FALSE(expand_template("$Number%099d$", values()).ok());
  TemplateValues no_time = values();
  no_time.time.reset();
  auto missing = expand_template("$Time$.m4s", no_time);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("$Time$"), std::string::npos);
}

}  // namespace
}  // namespace media
