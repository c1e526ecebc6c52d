// LivePublisher on a real directory: the MPD appears with the first listed
// segment and is rewritten atomically as segments arrive, old segment files
// go a margin after they leave the window, the end leaves a static MPD, and
// a failed write leaves no MPD naming missing files.
#include "packager/live/live_publisher.h"

#include <gtest/gtest.h>

#include <fstream>

#include "media/mpd/reader.h"
#include "support/process.h"

namespace packager {
namespace {

using testing_support::ScratchDir;

constexpr double kPublishAstUnixS = 1714557600.0;

PresentationDescription one_video() {
  PresentationDescription p;
  p.segment_duration_s = 2;
  RepresentationDescription v;
  v.id = "v0";
  v.codecs = "avc1.64001f";
  v.timescale = 90000;
  v.width = 320;
  v.height = 180;
  v.frame_rate = "30";
  p.representations = {v};
  return p;
}

// Writes the segment file, then reports it as a worker would.
void deliver(LivePublisher& pub, const std::filesystem::path& dir, uint64_t n) {
  SegmentWritten s{"v0", n, int64_t(n - 1) * 180000, 180000, 5000, "v0-" + std::to_string(n) + ".m4s", 0, {}};
  std::ofstream(dir / s.path) << std::string(5000, 'x');
  pub.on_segment(s);
}

LiveManifestSettings publisher_settings() {
  LiveManifestSettings s;
  s.segment_duration_s = 2;
  s.time_shift_buffer_s = 4;
  return s;
}

TEST(LivePublisher, RewritesTheMpdAndDeletesSegmentsPastTheWindowPlusAMargin) {
  ScratchDir dir("live-publisher");
  double now = kPublishAstUnixS;
  LivePublisher pub(dir.path(), publisher_settings(), [&] { return now; });
  pub.begin_period(kPublishAstUnixS, 1, one_video(), {{"v0", 500'000}});
  EXPECT_FALSE(std::filesystem::exists(dir / "manifest.mpd"));
  for (uint64_t n = 1; n <= 8; ++n) {
    now = kPublishAstUnixS + 2.0 * double(n);
    deliver(pub, dir.path(), n);
    auto mpd = media::read_mpd_file(dir / "manifest.mpd");
    ASSERT_TRUE(mpd.ok()) << mpd.error();
    EXPECT_TRUE(mpd->is_dynamic());
    // The window is 4 s: at most 2 full segments plus the edge one are listed.
    const auto& t = *mpd->periods[0].adaptation_sets[0].segment_info.segment_template;
    EXPECT_EQ(*t.start_number, n > 3 ? n - 2 : 1) << n;
  }
  EXPECT_EQ(pub.mpd_writes(), 8u);
  EXPECT_EQ(pub.next_number(), 9u);
  // Edge 16 s; window 4 s; margin 3 segments (6 s): files ending before 6 s go.
  for (uint64_t n = 1; n <= 8; ++n)
    EXPECT_EQ(std::filesystem::exists(dir / ("v0-" + std::to_string(n) + ".m4s")), n > 2) << n;
  // A repeated event changes nothing: no rewrite.
  pub.on_segment(SegmentWritten{"v0", 8, 7 * 180000, 180000, 5000, "v0-8.m4s", 0, {}});
  EXPECT_EQ(pub.mpd_writes(), 8u);
  EXPECT_FALSE(pub.error());

  ASSERT_TRUE(pub.finish().ok());
  auto vod = media::read_mpd_file(dir / "manifest.mpd");
  ASSERT_TRUE(vod.ok()) << vod.error();
  EXPECT_FALSE(vod->is_dynamic());
  EXPECT_EQ(vod->media_presentation_duration, std::chrono::seconds(6));  // segments 6..8
  for (uint64_t n = 1; n <= 8; ++n)
    EXPECT_EQ(std::filesystem::exists(dir / ("v0-" + std::to_string(n) + ".m4s")), n >= 6) << n;
}

TEST(LivePublisher, RemovesOnlyWhatALiveRunWrites) {
  ScratchDir dir("live-publisher-stale");
  for (const char* name : {"manifest.mpd", "v0-12.m4s", "v1-3.m4s.part", "a0-p2-init.mp4", "manifest.mpd.tmp",
                           "notes.txt", "v0-init.mp4x", "movie.mp4"})
    std::ofstream(dir / name) << "x";
  ASSERT_TRUE(remove_stale_live_outputs(dir.path()).ok());
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) left.push_back(e.path().filename().string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"movie.mp4", "notes.txt", "v0-init.mp4x"}));
}

TEST(LivePublisher, AFailedWriteIsReportedAndLeavesNoMpd) {
  ScratchDir dir("live-publisher-fail");
  LivePublisher pub(dir.path(), publisher_settings(), [] { return kPublishAstUnixS; });
  pub.begin_period(kPublishAstUnixS, 1, one_video(), {{"v0", 500'000}});
  deliver(pub, dir.path(), 1);
  ASSERT_TRUE(std::filesystem::exists(dir / "manifest.mpd"));
  // The next MPD cannot be written: its temporary name is taken by a directory.
  std::filesystem::create_directory(dir / "manifest.mpd.tmp");
  deliver(pub, dir.path(), 2);
  ASSERT_TRUE(pub.error());
  EXPECT_NE(pub.error()->message.find("manifest.mpd"), std::string::npos) << pub.error()->message;
  EXPECT_FALSE(pub.finish().ok());
  EXPECT_FALSE(std::filesystem::exists(dir / "manifest.mpd"));
}

}  // namespace
}  // namespace packager
