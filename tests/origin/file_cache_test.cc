// The hot-file cache with a manual clock: fresh entries need no file, stale
// ones are revalidated by size and mtime, the least recently used go first,
// big files are never cached.
#include "origin/file_cache.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <vector>

#include "support/process.h"

namespace origin {
namespace {

constexpr double kRevalidateS = 1.0;

class FileCacheTest : public ::testing::Test {
 protected:
  ~FileCacheTest() override {
    for (int f : fds_) ::close(f);
  }
  // Writes `name` and returns an open descriptor of it.
  int write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    fds_.push_back(::open((dir_ / name).c_str(), O_RDONLY));
    return fds_.back();
  }
  std::shared_ptr<const CachedFile> load(FileCache& cache, const std::string& name, const std::string& text,
                                         int64_t mtime_ns) {
    return cache.load(name, write(name, text), text.size(), mtime_ns, "\"etag-" + name + "\"", "date");
  }

  testing_support::ScratchDir dir_{"file-cache"};
  std::vector<int> fds_;
  media::ManualClock clock_{10};
};

TEST_F(FileCacheTest, FreshEntriesNeedNoFile) {
  FileCache cache(100, 50, kRevalidateS, clock_);
  EXPECT_FALSE(cache.fresh("a"));
  auto a = load(cache, "a", "aaaa", 1);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->data, "aaaa");
  EXPECT_EQ(a->size_bytes, 4u);
  EXPECT_EQ(a->etag, "\"etag-a\"");
  auto hit = cache.fresh("a");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->data, "aaaa");
  clock_.advance(kRevalidateS + 0.01);
  EXPECT_FALSE(cache.fresh("a"));  // too old: the caller opens and revalidates
}

TEST_F(FileCacheTest, RevalidationKeepsOrReloads) {
  FileCache cache(100, 50, kRevalidateS, clock_);
  ASSERT_TRUE(load(cache, "a", "aaaa", 1));
  clock_.advance(5);
  // Same size and mtime: the cached bytes stay (the file is not read again).
  auto same = load(cache, "a", "AAAA", 1);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->data, "aaaa");
  EXPECT_TRUE(cache.fresh("a"));  // checked again just now
  // A new mtime: reloaded.
  auto changed = load(cache, "a", "AAAA", 2);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->data, "AAAA");
  EXPECT_EQ(cache.cached_bytes(), 4u);
  EXPECT_EQ(cache.entries(), 1u);
}

TEST_F(FileCacheTest, EvictsTheLeastRecentlyUsed) {
  FileCache cache(10, 8, kRevalidateS, clock_);
  ASSERT_TRUE(load(cache, "a", "aaaa", 1));
  ASSERT_TRUE(load(cache, "b", "bbbb", 1));
  ASSERT_TRUE(cache.fresh("a"));  // a is now more recent than b
  ASSERT_TRUE(load(cache, "c", "cccc", 1));
  EXPECT_TRUE(cache.fresh("a"));
  EXPECT_FALSE(cache.fresh("b"));
  EXPECT_TRUE(cache.fresh("c"));
  EXPECT_LE(cache.cached_bytes(), 10u);
}

TEST_F(FileCacheTest, BigFilesAreNotCached) {
  FileCache cache(100, 8, kRevalidateS, clock_);
  EXPECT_FALSE(load(cache, "big", "0123456789", 1));
  EXPECT_FALSE(cache.cacheable(10));
  EXPECT_EQ(cache.cached_bytes(), 0u);
  // A cached file that grows past the limit is dropped.
  ASSERT_TRUE(load(cache, "grows", "small", 1));
  EXPECT_FALSE(load(cache, "grows", "now far too big", 2));
  EXPECT_EQ(cache.entries(), 0u);
}

TEST_F(FileCacheTest, ShortReadIsNotCached) {
  FileCache cache(100, 50, kRevalidateS, clock_);
  // The file is shorter than the size the caller saw (it changed under us).
  EXPECT_FALSE(cache.load("short", write("short", "abc"), 10, 1, "\"e\"", "d"));
  EXPECT_EQ(cache.entries(), 0u);
}

TEST_F(FileCacheTest, EraseForgets) {
  FileCache cache(100, 50, kRevalidateS, clock_);
  ASSERT_TRUE(load(cache, "a", "aaaa", 1));
  cache.erase("a");
  cache.erase("never-there");
  EXPECT_FALSE(cache.fresh("a"));
  EXPECT_EQ(cache.cached_bytes(), 0u);
}

}  // namespace
}  // namespace origin
