// The pure parts of live serving: the previous segment by number, the cache
// lifetime of a dynamic MPD, the time endpoint's text, and a growing file
// read while another writer appends and renames it.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include "media/mpd/date_time.h"
#include "origin/growing_file.h"
#include "origin/live_manifest_policy.h"
#include "origin/utc_time.h"
#include "support/process.h"

namespace origin {
namespace {

TEST(LiveSegments, PreviousSegmentByNumber) {
  EXPECT_EQ(previous_segment_path("/live/v0-12.m4s"), "/live/v0-11.m4s");
  EXPECT_EQ(previous_segment_path("/a-b/v1-100.m4s"), "/a-b/v1-99.m4s");
  EXPECT_EQ(previous_segment_path("/x/seg-1.m4s"), "/x/seg-0.m4s");
  EXPECT_EQ(previous_segment_path("/ff/chunk-stream0-00010.m4s"), "/ff/chunk-stream0-00009.m4s");
  EXPECT_EQ(previous_segment_path("/ff/chunk-stream1-01000.m4s"), "/ff/chunk-stream1-00999.m4s");
  for (const char* none : {"/live/v0-0.m4s", "/live/v0-init.mp4", "/live/12.m4s", "/live/v0-12", "/live.d/v0-x.m4s",
                           "/live/v0-99999999999999999999.m4s"})
    EXPECT_FALSE(previous_segment_path(none)) << none;
}

TEST(LiveManifestPolicy, DynamicMpdsAreCachedAtMostHalfTheirUpdatePeriod) {
  EXPECT_EQ(dynamic_manifest_cache_control(R"(<?xml version="1.0"?><MPD type="dynamic" minimumUpdatePeriod="PT2S">)"),
            "public, max-age=1");
  EXPECT_EQ(dynamic_manifest_cache_control("<MPD xmlns='x' type='dynamic' minimumUpdatePeriod='PT30S'>"),
            "public, max-age=15");
  EXPECT_EQ(dynamic_manifest_cache_control(R"(<MPD type="dynamic" minimumUpdatePeriod="PT1S">)"), "no-cache");
  EXPECT_EQ(dynamic_manifest_cache_control(R"(<MPD type="dynamic">)"), "no-cache");
  EXPECT_FALSE(dynamic_manifest_cache_control(R"(<MPD type="static" minimumUpdatePeriod="PT2S">)"));
  EXPECT_FALSE(dynamic_manifest_cache_control(R"(<MPD profiles="p">)"));
  EXPECT_FALSE(dynamic_manifest_cache_control("not xml"));
  EXPECT_FALSE(dynamic_manifest_cache_control(R"(<MPD xtype="dynamic" type="static">)"));
  EXPECT_FALSE(dynamic_manifest_cache_control(R"(<MPD type="dynamic)"));
  EXPECT_EQ(dynamic_manifest_cache_control("<MPD\n  type = 'dynamic'\tminimumUpdatePeriod = \"PT6S\">"), "public, max-age=3");
}

TEST(UtcTime, IsAnXsDateTimeOfNow) {
  const auto parsed = media::parse_xs_datetime(utc_time_text());
  ASSERT_TRUE(parsed);
  const double now = double(std::time(nullptr));
  EXPECT_NEAR(*parsed, now, 2.0);
}

class GrowingFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::make_unique<testing_support::ScratchDir>("growing-file");
    root_fd_ = ::open(dir_->path().c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(root_fd_, 0);
  }
  void TearDown() override { ::close(root_fd_); }
  void append(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_->path() / name, std::ios::binary | std::ios::app) << bytes;
  }
  std::string read_all(GrowingFile& f, std::vector<GrowingFile::State>& states) {
    std::string out;
    char buf[4];
    for (;;) {
      size_t n = 0;
      auto st = f.read(out.size(), buf, sizeof buf, n);
      if (states.empty() || states.back() != st) states.push_back(st);
      if (st != GrowingFile::State::kData) return out;
      out.append(buf, n);
    }
  }
  std::unique_ptr<testing_support::ScratchDir> dir_;
  int root_fd_ = -1;
};

TEST_F(GrowingFileTest, FollowsTheWriterUntilTheRename) {
  append("v0-3.m4s.part", "abcdef");
  auto f = GrowingFile::open(root_fd_, dir_->path(), "/v0-3.m4s");
  ASSERT_TRUE(f.ok()) << f.error();
  std::vector<GrowingFile::State> states;
  EXPECT_EQ(read_all(**f, states), "abcdef");
  EXPECT_EQ(states.back(), GrowingFile::State::kWait);
  append("v0-3.m4s.part", "ghi");
  std::string more;
  char buf[16];
  size_t n = 0;
  ASSERT_EQ((*f)->read(6, buf, sizeof buf, n), GrowingFile::State::kData);
  EXPECT_EQ(std::string(buf, n), "ghi");
  // The last bytes and the rename come together: they are still read.
  append("v0-3.m4s.part", "jk");
  std::filesystem::rename(dir_->path() / "v0-3.m4s.part", dir_->path() / "v0-3.m4s");
  ASSERT_EQ((*f)->read(9, buf, sizeof buf, n), GrowingFile::State::kData);
  EXPECT_EQ(std::string(buf, n), "jk");
  EXPECT_EQ((*f)->read(11, buf, sizeof buf, n), GrowingFile::State::kComplete);
}

TEST_F(GrowingFileTest, AnAbandonedSegmentIsGoneNotComplete) {
  append("v0-4.m4s.part", "abc");
  auto f = GrowingFile::open(root_fd_, dir_->path(), "/v0-4.m4s");
  ASSERT_TRUE(f.ok());
  std::filesystem::remove(dir_->path() / "v0-4.m4s.part");
  // A different file appearing under the final name is not this segment either.
  append("v0-4.m4s", "other");
  std::vector<GrowingFile::State> states;
  EXPECT_EQ(read_all(**f, states), "abc");
  EXPECT_EQ(states.back(), GrowingFile::State::kGone);
  EXPECT_TRUE(exists_under_root(root_fd_, "/v0-4.m4s"));
  EXPECT_FALSE(exists_under_root(root_fd_, "/v0-4.m4s.part"));
  EXPECT_FALSE(GrowingFile::open(root_fd_, dir_->path(), "/v0-9.m4s").ok());
}

}  // namespace
}  // namespace origin
