#include "origin/path_resolver.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/process.h"

namespace origin {
namespace {

TEST(PathResolver, DecodesOnce) {
  EXPECT_EQ(*percent_decode("/a%20b"), "/a b");
  EXPECT_EQ(*percent_decode("/%252e%252e"), "/%2e%2e");  // double-encoded stays literal
  EXPECT_FALSE(percent_decode("/a%2").ok());
  EXPECT_FALSE(percent_decode("/a%zz").ok());
  EXPECT_FALSE(percent_decode("/a%00b").ok());
}

TEST(PathResolver, CleanPaths) {
  EXPECT_EQ(*clean_request_path("/v0/1.m4s?session=3"), "/v0/1.m4s");
  EXPECT_EQ(*clean_request_path("/"), "/");
  struct Bad {
    const char* target;
    media::ErrorCode code;
  } bad[] = {
      {"/../etc/passwd", media::ErrorCode::kNotFound},   {"/a/../../x", media::ErrorCode::kNotFound},
      {"/%2e%2e/etc/passwd", media::ErrorCode::kNotFound}, {"/%2E%2E%2fetc", media::ErrorCode::kNotFound},
      {"/a/./b", media::ErrorCode::kNotFound},           {"//etc/passwd", media::ErrorCode::kNotFound},
      {"/a\\..\\b", media::ErrorCode::kInvalidArgument}, {"/a%5c..%5cb", media::ErrorCode::kInvalidArgument},
      {"/a%00.mpd", media::ErrorCode::kInvalidArgument}, {"etc/passwd", media::ErrorCode::kInvalidArgument},
      {"http://x/y", media::ErrorCode::kInvalidArgument}, {"*", media::ErrorCode::kInvalidArgument},
      {"/a%", media::ErrorCode::kInvalidArgument},
  };
  for (const auto& b : bad) {
    auto r = clean_request_path(b.target);
    ASSERT_FALSE(r.ok()) << b.target;
    EXPECT_EQ(r.error().code, b.code) << b.target;
  }
}

TEST(PathResolver, SymlinksMustStayInside) {
  testing_support::ScratchDir dir("path-resolver");
  std::filesystem::create_directories(dir / "root/sub");
  std::filesystem::create_directories(dir / "root2");
  std::ofstream(dir / "root/sub/ok.m4s") << "x";
  std::ofstream(dir / "secret") << "s";
  std::ofstream(dir / "root2/x") << "x";
  std::filesystem::create_symlink(dir / "secret", dir / "root/out");
  std::filesystem::create_symlink(dir / "root/sub/ok.m4s", dir / "root/in");
  std::filesystem::create_symlink(dir / "root2", dir / "root/sibling");
  auto root = std::filesystem::canonical(dir / "root");
  EXPECT_TRUE(resolve_under_root(root, "/sub/ok.m4s").ok());
  EXPECT_TRUE(resolve_under_root(root, "/in").ok());
  EXPECT_FALSE(resolve_under_root(root, "/out").ok());
  EXPECT_FALSE(resolve_under_root(root, "/sibling/x").ok());  // "root2" is not inside "root"
  EXPECT_FALSE(resolve_under_root(root, "/missing").ok());
}

}  // namespace
}  // namespace origin
