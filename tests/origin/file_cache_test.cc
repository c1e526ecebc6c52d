#include "origin/file_cache.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include "support/process.h"

namespace origin {
namespace {

TEST(FileCache, ServesRevalidatesAndEvicts) {
  testing_support::ScratchDir dir("file-cache");
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  FileCache cache(/*capacity=*/10, /*max_file=*/8);
  std::vector<int> fds;
  auto fd = [&](const std::string& path) {
    fds.push_back(::open(path.c_str(), O_RDONLY));
    return fds.back();
  };
  auto a = write("a", "aaaa");
  auto data = cache.get(a, fd(a), 4, 1);
  ASSERT_TRUE(data);
  EXPECT_EQ(*data, "aaaa");
  EXPECT_EQ(cache.cached_bytes(), 4u);
  write("a", "AAAA");
  EXPECT_EQ(*cache.get(a, fd(a), 4, 1), "aaaa");  // same validators: cached copy
  EXPECT_EQ(*cache.get(a, fd(a), 4, 2), "AAAA");  // changed mtime: reloaded
  auto b = write("b", "bbbbbb");
  ASSERT_TRUE(cache.get(b, fd(b), 6, 1));
  EXPECT_EQ(cache.cached_bytes(), 10u);
  auto c = write("c", "cc");
  ASSERT_TRUE(cache.get(c, fd(c), 2, 1));  // evicts the least recently used (a)
  EXPECT_LE(cache.cached_bytes(), 10u);
  auto big = write("big", "0123456789");
  EXPECT_FALSE(cache.get(big, fd(big), 10, 1));  // above max_file: streamed instead
  for (int f : fds) ::close(f);
}

}  // namespace
}  // namespace origin
