// The segmenter on synthetic samples: cuts at the first key frame at or
// after each boundary, continuous tfdt, live files and on-demand sidx
// layout, audio trimmed at the end, and bad sample streams rejected.
#include "packager/segmenter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "media/file_io.h"
#include "media/isobmff/boxes.h"
#include "support/process.h"

namespace packager {
namespace {

using testing_support::ScratchDir;

constexpr int64_t kFrameTicks = 3000;    // 30 fps at 90 kHz
constexpr int64_t kSegmentTicks = 360000;  // 4 s
constexpr int64_t kDelayTicks = 2 * kFrameTicks;

class Events : public SegmentSink {
 public:
  void on_segment(const SegmentWritten& s) override { segments.push_back(s); }
  std::vector<SegmentWritten> segments;
};

SegmenterConfig video_config(Profile profile) {
  SegmenterConfig c;
  c.rep_id = "v0";
  c.profile = profile;
  c.track = mp4::TrackConfig{1, 90000, mp4::VideoTrack{64, 64, 1, 1, {1, 0x64, 0, 0x0a, 0xff, 0xe1, 0, 2, 0x67, 0x64, 1, 0, 2, 0x68, 0xeb}}};
  c.boundary_ticks = [](int64_t k) { return k * kSegmentTicks; };
  return c;
}

// Feeds `frames` frames with a B-frame-like reorder (dts = pts - delay) and
// key frames every `key_every`.
void feed(Segmenter& s, int frames, int key_every) {
  std::vector<uint8_t> data(100, 0x11);
  for (int n = 0; n < frames; ++n) {
    Sample sample;
    sample.pts_ticks = n * kFrameTicks;
    sample.dts_ticks = n * kFrameTicks - kDelayTicks;
    sample.duration_ticks = kFrameTicks;
    sample.sync = n % key_every == 0;
    sample.luma_sse = 1000;
    sample.luma_pixels = 64 * 64;
    ASSERT_TRUE(s.add(sample, data).ok());
  }
}

media::Bytes bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

TEST(Segmenter, LiveCutsAtBoundaryKeyFrames) {
  ScratchDir dir("segmenter-live");
  OutputFiles files(dir.path());
  Events events;
  auto s = Segmenter::create(video_config(Profile::kLive), files, events);
  ASSERT_TRUE(s.ok()) << s.error();
  // Key frames every 60 frames (2 s): only those at 4 s multiples cut.
  feed(**s, 300, 60);
  ASSERT_TRUE((*s)->finish().ok());
  ASSERT_EQ(events.segments.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(events.segments[i].index, i + 1);
    EXPECT_EQ(events.segments[i].start_ticks, int64_t(i) * kSegmentTicks);
    EXPECT_EQ(events.segments[i].path, "v0-" + std::to_string(i + 1) + ".m4s");
    ASSERT_TRUE(events.segments[i].psnr_db.has_value());
  }
  EXPECT_EQ(events.segments[2].duration_ticks, 60 * kFrameTicks);
  ASSERT_TRUE(files.commit().ok());
  auto init = media::read_file(dir / "v0-init.mp4");
  ASSERT_TRUE(init.ok());
  auto info = media::parse_init_segment(bytes(*init));
  ASSERT_TRUE(info.ok()) << info.error();
  for (const auto& e : events.segments) {
    auto data = media::read_file(dir / e.path);
    ASSERT_TRUE(data.ok());
    EXPECT_EQ(data->size(), e.size_bytes);
    auto frags = media::parse_media_segment(bytes(*data), info->defaults);
    ASSERT_TRUE(frags.ok()) << frags.error();
    // tfdt is the presentation start: decode times are shifted by the reorder delay.
    EXPECT_EQ(frags->front().base_media_decode_time, uint64_t(e.start_ticks));
    EXPECT_EQ(frags->front().duration_ticks, uint64_t(e.duration_ticks));
    EXPECT_TRUE(frags->front().first_sample_is_sync);
  }
}

TEST(Segmenter, PsnrAggregatesSquaredErrors) {
  ScratchDir dir("segmenter-psnr");
  OutputFiles files(dir.path());
  Events events;
  auto s = Segmenter::create(video_config(Profile::kLive), files, events);
  ASSERT_TRUE(s.ok());
  feed(**s, 10, 10);
  ASSERT_TRUE((*s)->finish().ok());
  ASSERT_EQ(events.segments.size(), 1u);
  // MSE = 1000 / 4096 per pixel.
  EXPECT_NEAR(*events.segments[0].psnr_db, 10 * std::log10(255.0 * 255.0 / (1000.0 / 4096.0)), 1e-9);
}

TEST(Segmenter, OnDemandWritesOneFileWithAMatchingSidx) {
  ScratchDir dir("segmenter-ondemand");
  OutputFiles files(dir.path());
  Events events;
  auto s = Segmenter::create(video_config(Profile::kOnDemand), files, events);
  ASSERT_TRUE(s.ok()) << s.error();
  feed(**s, 250, 120);
  ASSERT_TRUE((*s)->finish().ok());
  ASSERT_TRUE(files.commit().ok());
  const RepresentationFiles& f = (*s)->files();
  EXPECT_EQ(f.single_file, "v0.mp4");
  EXPECT_FALSE(std::filesystem::exists(dir / "v0.mp4.media.tmp"));
  auto data = media::read_file(dir / "v0.mp4");
  ASSERT_TRUE(data.ok());
  auto boxes = media::read_boxes(bytes(*data));
  ASSERT_TRUE(boxes.ok()) << boxes.error();
  auto sidx_box = media::find_box(*boxes, media::fourcc("sidx"));
  ASSERT_TRUE(sidx_box);
  EXPECT_EQ(sidx_box->offset, f.index_first_byte);
  EXPECT_EQ(sidx_box->end() - 1, f.index_last_byte);
  EXPECT_EQ(f.init_size_bytes, f.index_first_byte);
  auto sidx = media::parse_sidx(*sidx_box);
  ASSERT_TRUE(sidx.ok());
  auto refs = media::sidx_segments(*sidx, sidx_box->end());
  ASSERT_TRUE(refs.ok());
  ASSERT_EQ(refs->size(), events.segments.size());
  ASSERT_EQ(refs->size(), 3u);
  for (size_t i = 0; i < refs->size(); ++i) {
    EXPECT_EQ((*refs)[i].first_byte, events.segments[i].offset_bytes);
    EXPECT_EQ((*refs)[i].last_byte - (*refs)[i].first_byte + 1, events.segments[i].size_bytes);
    EXPECT_EQ((*refs)[i].start_ticks, uint64_t(events.segments[i].start_ticks));
  }
  EXPECT_EQ((*refs).back().last_byte + 1, data->size());
}

TEST(Segmenter, TrimsSamplesPastTheEnd) {
  ScratchDir dir("segmenter-trim");
  OutputFiles files(dir.path());
  Events events;
  SegmenterConfig c;
  c.rep_id = "a0";
  c.track = mp4::TrackConfig{1, 48000, mp4::AudioTrack{48000, 2, {0x11, 0x90}, 128000, 128000}};
  c.boundary_ticks = [](int64_t k) { return k * 188 * 1024; };
  auto s = Segmenter::create(c, files, events);
  ASSERT_TRUE(s.ok());
  std::vector<uint8_t> frame(50, 1);
  for (int j = 0; j < 200; ++j) {
    Sample a{j * 1024, j * 1024, 1024, true, 0, 0};
    ASSERT_TRUE((*s)->add(a, frame).ok());
  }
  ASSERT_TRUE((*s)->finish(195 * 1024 + 100).ok());
  ASSERT_EQ(events.segments.size(), 2u);
  EXPECT_EQ(events.segments[0].duration_ticks, 188 * 1024);
  EXPECT_EQ(events.segments[1].duration_ticks, 7 * 1024 + 100);
  EXPECT_FALSE(events.segments[1].psnr_db.has_value());
}

TEST(Segmenter, RejectsBadSampleStreams) {
  ScratchDir dir("segmenter-bad");
  OutputFiles files(dir.path());
  Events events;
  std::vector<uint8_t> data(10, 0);
  {
    auto s = Segmenter::create(video_config(Profile::kLive), files, events);
    ASSERT_TRUE(s.ok());
    auto st = (*s)->add(Sample{0, 0, 3000, false, 0, 0}, data);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("not a key frame"), std::string::npos);
  }
  {
    auto s = Segmenter::create(video_config(Profile::kLive), files, events);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->add(Sample{0, 0, 3000, true, 0, 0}, data).ok());
    EXPECT_FALSE((*s)->add(Sample{3000, 0, 3000, false, 0, 0}, data).ok());
  }
  {
    auto s = Segmenter::create(video_config(Profile::kLive), files, events);
    ASSERT_TRUE(s.ok());
    EXPECT_FALSE((*s)->finish().ok());  // nothing to write
  }
  files.discard();
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) ADD_FAILURE() << "left behind: " << e.path();
}

}  // namespace
}  // namespace packager
