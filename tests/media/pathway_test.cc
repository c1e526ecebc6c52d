// NAME=URL pathways for content steering: what parses, and one error per kind
// of bad name or URL.
#include "media/pathway.h"

#include <gtest/gtest.h>

namespace media {
namespace {

TEST(Pathway, ParsesNameAndUrl) {
  auto p = parse_pathway("cdn-a=https://a.example.com:8443/show/");
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_EQ(*p, (Pathway{"cdn-a", "https://a.example.com:8443/show/"}));
  EXPECT_EQ(parse_pathway("B.2_x~=http://127.0.0.1:8080")->url, "http://127.0.0.1:8080");
}

TEST(Pathway, BadNamesAndUrlsAreErrors) {
  const struct {
    const char* text;
    const char* says;
  } cases[] = {
      {"alpha", "expected NAME=URL"},
      {"=http://a/", "1 to 64 characters"},
      {"al pha=http://a/", "letters, digits"},
      {"al,pha=http://a/", "letters, digits"},
      {"alpha=/show/", "absolute http"},
      {"alpha=ftp://a/", "absolute http"},
      {"alpha=http://", "absolute http"},
      {"alpha=http://a/b c", "space, quote or control"},
  };
  for (const auto& c : cases) {
    auto p = parse_pathway(c.text);
    ASSERT_FALSE(p.ok()) << c.text;
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(p.error().message.find(c.says), std::string::npos) << c.text << " -> " << p.error().message;
  }
}

}  // namespace
}  // namespace media
