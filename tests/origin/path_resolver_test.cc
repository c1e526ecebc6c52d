#include "origin/path_resolver.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
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

TEST(PathResolver, MoreTraversalSpellingsAreRefused) {
  for (const char* target : {"/a/%2E%2e/b", "/a/.%2e/b", "/a/%2e./b", "/a/%2e/b", "/a/b/..", "/a/b/.", "/./a",
                             "/..", "/%2e%2e", "/a/..%2f..%2fx", "/%2F%2Fetc/passwd", "/%2f..%2fetc",
                             "/a/%2e%2e%2f%2e%2e%2fx", "/a/..;/x/../../y"}) {
    auto r = clean_request_path(target);
    EXPECT_FALSE(r.ok()) << target << " → " << (r.ok() ? *r : "");
  }
}

TEST(PathResolver, LookalikesAreLiteralNames) {
  // Decoded once: these are odd file names, not parent references.
  EXPECT_EQ(*clean_request_path("/%252e%252e/x"), "/%2e%2e/x");
  EXPECT_EQ(*clean_request_path("/.../x"), "/.../x");
  EXPECT_EQ(*clean_request_path("/..a/x"), "/..a/x");
  EXPECT_EQ(*clean_request_path("/a../x"), "/a../x");
  const auto overlong = clean_request_path("/%c0%ae%c0%ae/x");  // overlong UTF-8 '.': not a dot here
  ASSERT_TRUE(overlong.ok());
  EXPECT_EQ(overlong->find(".."), std::string::npos);
  // Query and fragment never reach the file system.
  EXPECT_EQ(*clean_request_path("/a.mpd?x=/../../etc/passwd"), "/a.mpd");
  EXPECT_EQ(*clean_request_path("/a.mpd#/../../etc/passwd"), "/a.mpd");
}

TEST(PathResolver, MalformedEscapesAndBytesAreBadRequests) {
  for (const char* target : {"/a%", "/a%4", "/a%4g", "/a%g4", "/a%%41", "/a%00", "/a%5C", "/a\\b", "", "a",
                             "?x", "#x", "http://host/a", "*"}) {
    auto r = clean_request_path(target);
    ASSERT_FALSE(r.ok()) << target;
    EXPECT_EQ(r.error().code, media::ErrorCode::kInvalidArgument) << target;
  }
  EXPECT_FALSE(clean_request_path(std::string("/a\0b", 4)).ok());
}

class UnderRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "root/sub");
    std::filesystem::create_directories(dir_ / "outside");
    std::ofstream(dir_ / "root/sub/ok.m4s") << "ok";
    std::ofstream(dir_ / "outside/secret") << "secret";
    root_ = std::filesystem::canonical(dir_ / "root");
    root_fd_ = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(root_fd_, 0);
  }
  void TearDown() override { ::close(root_fd_); }

  bool opens(const std::string& path) {
    auto fd = open_under_root(root_fd_, root_, path);
    if (fd.ok()) ::close(*fd);
    return fd.ok();
  }

  testing_support::ScratchDir dir_{"origin-under-root"};
  std::filesystem::path root_;
  int root_fd_ = -1;
};

TEST_F(UnderRoot, SymlinkedDirectoryOutsideIsRefused) {
  std::filesystem::create_directory_symlink(dir_ / "outside", dir_ / "root/linkdir");
  std::filesystem::create_symlink("../../outside/secret", dir_ / "root/sub/relative");
  EXPECT_TRUE(opens("/sub/ok.m4s"));
  EXPECT_FALSE(opens("/linkdir/secret"));
  EXPECT_FALSE(opens("/sub/relative"));
  EXPECT_FALSE(resolve_under_root(root_, "/linkdir/secret").ok());
  EXPECT_FALSE(resolve_under_root(root_, "/sub/relative").ok());
}

TEST_F(UnderRoot, RelativeSymlinkInsideIsServed) {
  std::filesystem::create_symlink("sub/ok.m4s", dir_ / "root/alias.m4s");
  EXPECT_TRUE(opens("/alias.m4s"));
}

TEST_F(UnderRoot, SymlinkLoopFailsWithoutHanging) {
  std::filesystem::create_symlink("loop-b", dir_ / "root/loop-a");
  std::filesystem::create_symlink("loop-a", dir_ / "root/loop-b");
  EXPECT_FALSE(opens("/loop-a"));
  EXPECT_FALSE(resolve_under_root(root_, "/loop-a").ok());
}

TEST_F(UnderRoot, FifoOpensWithoutBlocking) {
  ASSERT_EQ(::mkfifo((dir_ / "root/pipe.m4s").c_str(), 0644), 0);
  const auto t0 = std::chrono::steady_clock::now();
  auto fd = open_under_root(root_fd_, root_, "/pipe.m4s");  // the server then refuses non-regular files
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  if (fd.ok()) {
    struct stat st {};
    ASSERT_EQ(::fstat(*fd, &st), 0);
    EXPECT_FALSE(S_ISREG(st.st_mode));
    ::close(*fd);
  }
}

}  // namespace
}  // namespace origin
