// The segmenter's live output: segments published as they complete (no
// commit), growing as "<name>.part" in CMAF chunks (prft + moof + mdat each)
// and renamed when complete; the first chunk announces the segment.
#include <gtest/gtest.h>

#include <filesystem>

#include "media/file_io.h"
#include "media/isobmff/boxes.h"
#include "packager/segmenter.h"
#include "support/process.h"

namespace packager {
namespace {

using testing_support::ScratchDir;

constexpr int64_t kFrameTicks = 3000;       // 30 fps at 90 kHz
constexpr int64_t kSegmentTicks = 180000;   // 2 s
constexpr int64_t kChunkTicks = 45000;      // 0.5 s
constexpr double kStartUnixS = 1'700'000'000.25;

media::Bytes bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// Records events and, when a segment is announced, what is on disk then.
class SegmentRecorder : public SegmentSink {
 public:
  explicit SegmentRecorder(std::filesystem::path dir) : dir_(std::move(dir)) {}
  void on_segment(const SegmentWritten& s) override {
    complete.push_back(s);
    EXPECT_TRUE(std::filesystem::exists(dir_ / s.path)) << s;
    EXPECT_FALSE(std::filesystem::exists(dir_ / (s.path + ".part"))) << s;
  }
  void on_segment_started(const SegmentWritten& s) override {
    started.push_back(s);
    auto part = media::read_file(dir_ / (s.path + ".part"));
    ASSERT_TRUE(part.ok()) << s;
    auto boxes = media::read_boxes(bytes(*part));
    ASSERT_TRUE(boxes.ok()) << boxes.error();
    int moofs = 0;
    for (const auto& b : *boxes) moofs += b.type == media::fourcc("moof");
    EXPECT_EQ(moofs, 1) << "the announced segment holds its first chunk";
    EXPECT_FALSE(std::filesystem::exists(dir_ / s.path));
  }
  std::vector<SegmentWritten> complete, started;

 private:
  std::filesystem::path dir_;
};

SegmenterConfig live_config(int64_t chunk_ticks, uint64_t first_number) {
  SegmenterConfig c;
  c.rep_id = "v0";
  c.track = mp4::TrackConfig{1, 90000, mp4::VideoTrack{64, 64, 1, 1, {1, 0x64, 0, 0x0a, 0xff, 0xe1, 0, 2, 0x67, 0x64, 1, 0, 2, 0x68, 0xeb}}};
  c.boundary_ticks = [](int64_t k) { return k * kSegmentTicks; };
  LiveOutput live;
  live.chunk_ticks = chunk_ticks;
  live.first_number = first_number;
  live.init_name = "v0-p0-init.mp4";
  live.capture_unix_s = [](int64_t pts) { return kStartUnixS + double(pts) / 90000; };
  c.live_output = live;
  return c;
}

// 30 fps, no reordering (live encoders use no B-frames), a key frame every segment.
void feed_frames(Segmenter& s, int first_frame, int frames) {
  std::vector<uint8_t> data(100, 0x22);
  for (int n = first_frame; n < first_frame + frames; ++n) {
    Sample sample{n * kFrameTicks, n * kFrameTicks, kFrameTicks, n % 60 == 0, 0, 0};
    ASSERT_TRUE(s.add(sample, data).ok());
  }
}

TEST(SegmenterLive, ChunkedSegmentsGrowAsPartFilesAndAreRenamedWhenComplete) {
  ScratchDir dir("segmenter-live-chunks");
  OutputFiles files(dir.path());
  SegmentRecorder events(dir.path());
  auto s = Segmenter::create(live_config(kChunkTicks, 7), files, events);
  ASSERT_TRUE(s.ok()) << s.error();
  feed_frames(**s, 0, 150);  // 5 s: two complete segments, the third half written
  ASSERT_EQ(events.complete.size(), 2u);
  ASSERT_EQ(events.started.size(), 3u);
  EXPECT_TRUE(std::filesystem::exists(dir / "v0-9.m4s.part"));
  // The init segment is published at once, without a commit.
  EXPECT_TRUE(std::filesystem::exists(dir / "v0-p0-init.mp4"));
  ASSERT_TRUE((*s)->finish().ok());
  ASSERT_EQ(events.complete.size(), 3u);
  EXPECT_FALSE(std::filesystem::exists(dir / "v0-9.m4s.part"));

  auto init = media::read_file(dir / "v0-p0-init.mp4");
  ASSERT_TRUE(init.ok());
  auto info = media::parse_init_segment(bytes(*init));
  ASSERT_TRUE(info.ok()) << info.error();
  for (size_t i = 0; i < 3; ++i) {
    const SegmentWritten& e = events.complete[i];
    EXPECT_EQ(e.index, 7 + i);
    EXPECT_EQ(e.path, "v0-" + std::to_string(7 + i) + ".m4s");
    EXPECT_EQ(e.start_ticks, int64_t(i) * kSegmentTicks);
    EXPECT_EQ(events.started[i].start_ticks, e.start_ticks);
    EXPECT_EQ(events.started[i].duration_ticks, kSegmentTicks) << "announced with its expected duration";
    EXPECT_EQ(e.duration_ticks, i < 2 ? kSegmentTicks : kSegmentTicks / 2);
    auto data = media::read_file(dir / e.path);
    ASSERT_TRUE(data.ok());
    EXPECT_EQ(data->size(), e.size_bytes);
    auto boxes = media::read_boxes(bytes(*data));
    ASSERT_TRUE(boxes.ok()) << boxes.error();
    // styp, then (prft, moof, mdat) per 0.5 s chunk; prft maps each moof's tfdt to its capture time.
    ASSERT_EQ(boxes->front().type, media::fourcc("styp"));
    const size_t chunks = e.duration_ticks / kChunkTicks;
    ASSERT_EQ(boxes->size(), 1 + 3 * chunks);
    auto frags = media::parse_media_segment(bytes(*data), info->defaults);
    ASSERT_TRUE(frags.ok()) << frags.error();
    ASSERT_EQ(frags->size(), chunks);
    for (size_t c = 0; c < chunks; ++c) {
      ASSERT_EQ((*boxes)[1 + 3 * c].type, media::fourcc("prft"));
      auto prft = media::parse_prft((*boxes)[1 + 3 * c]);
      ASSERT_TRUE(prft.ok()) << prft.error();
      const uint64_t tfdt = *(*frags)[c].base_media_decode_time;
      EXPECT_EQ(tfdt, uint64_t(e.start_ticks + int64_t(c) * kChunkTicks));
      EXPECT_EQ(prft->media_time, tfdt);
      EXPECT_NEAR(prft->unix_time_s(), kStartUnixS + double(tfdt) / 90000, 1e-6);
      EXPECT_EQ((*frags)[c].duration_ticks, uint64_t(kChunkTicks));
      EXPECT_EQ((*frags)[c].first_sample_is_sync, c == 0);
    }
  }
}

TEST(SegmenterLive, UnchunkedSegmentsHaveOneFragmentAndNoAnnouncement) {
  ScratchDir dir("segmenter-live-whole");
  OutputFiles files(dir.path());
  SegmentRecorder events(dir.path());
  auto s = Segmenter::create(live_config(0, 1), files, events);
  ASSERT_TRUE(s.ok()) << s.error();
  feed_frames(**s, 0, 120);
  ASSERT_TRUE((*s)->finish().ok());
  ASSERT_EQ(events.complete.size(), 2u);
  EXPECT_TRUE(events.started.empty());
  auto data = media::read_file(dir / "v0-2.m4s");
  ASSERT_TRUE(data.ok());
  auto boxes = media::read_boxes(bytes(*data));
  ASSERT_TRUE(boxes.ok());
  ASSERT_EQ(boxes->size(), 4u);  // styp prft moof mdat
  EXPECT_EQ((*boxes)[1].type, media::fourcc("prft"));
}

TEST(SegmenterLive, AStoppedSegmenterLeavesNoPartialFile) {
  ScratchDir dir("segmenter-live-abort");
  OutputFiles files(dir.path());
  SegmentRecorder events(dir.path());
  {
    auto s = Segmenter::create(live_config(kChunkTicks, 1), files, events);
    ASSERT_TRUE(s.ok());
    feed_frames(**s, 0, 80);  // segment 2 half written
    ASSERT_TRUE(std::filesystem::exists(dir / "v0-2.m4s.part"));
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "v0-2.m4s.part"));
  EXPECT_FALSE(std::filesystem::exists(dir / "v0-2.m4s"));
  EXPECT_TRUE(std::filesystem::exists(dir / "v0-1.m4s"));
}

}  // namespace
}  // namespace packager
