#include "media/url.h"

#include <gtest/gtest.h>

namespace media {
namespace {

// RFC 3986 §5.4 examples with base "http://a/b/c/d;p?q".
TEST(Url, Rfc3986NormalExamples) {
  const char* base = "http://a/b/c/d;p?q";
  struct Case {
    const char* ref;
    const char* want;
  } cases[] = {
      {"g", "http://a/b/c/g"},       {"./g", "http://a/b/c/g"},        {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},          {"//g", "http://g"},              {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},   {"#s", "http://a/b/c/d;p?q#s"},  {"g#s", "http://a/b/c/g#s"},
      {"", "http://a/b/c/d;p?q"},    {".", "http://a/b/c/"},           {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},         {"../", "http://a/b/"},           {"../g", "http://a/b/g"},
      {"../..", "http://a/"},        {"../../g", "http://a/g"},        {"../../../g", "http://a/g"},
      {"g:h", "g:h"},                {"/./g", "http://a/g"},           {"g.", "http://a/b/c/g."},
  };
  for (const auto& c : cases) EXPECT_EQ(resolve_url(base, c.ref), c.want) << c.ref;
}

TEST(Url, PlainPathsResolveLikeUrls) {
  EXPECT_EQ(resolve_url("/srv/out/manifest.mpd", "v0/1.m4s"), "/srv/out/v0/1.m4s");
  EXPECT_EQ(resolve_url("out/manifest.mpd", "init.mp4"), "out/init.mp4");
  EXPECT_EQ(resolve_url("manifest.mpd", "x.m4s"), "x.m4s");
  EXPECT_EQ(resolve_url("http://h:8080/a/m.mpd", "http://cdn/x/"), "http://cdn/x/");
  EXPECT_EQ(resolve_url("http://h:8080", "m.mpd"), "http://h:8080/m.mpd");
}

TEST(Url, PercentEncodeKeepsUnreservedAndSlash) {
  EXPECT_EQ(percent_encode("/a b/c&d=é~_.-"), "/a%20b/c%26d%3D%C3%A9~_.-");
  EXPECT_EQ(percent_encode("\"x\""), "%22x%22");
}

}  // namespace
}  // namespace media
