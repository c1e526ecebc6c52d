// --adapt-preset's mechanism with the real x264: a live (low-delay) encoder
// steps to faster presets at a key frame without changing its SPS/PPS (the
// init segment stays valid) and goes on producing frames; an encoder without
// the live pins refuses a step that would change them.
#include <gtest/gtest.h>

#include "media/av/alloc.h"
#include "packager/video_encoder.h"

namespace packager {
namespace {

constexpr uint32_t kWidth = 320, kHeight = 180;

VideoEncoderSettings settings(bool low_delay, VideoCodec codec = VideoCodec::kH264) {
  VideoEncoderSettings s;
  s.codec = codec;
  s.width = kWidth;
  s.height = kHeight;
  s.frame_rate = FrameRate{30, 1};
  s.rate_bps = 300'000;
  s.preset = "veryfast";
  s.gop_frames = 30;
  s.threads = 1;
  s.timescale = 90000;
  s.low_delay = low_delay;
  return s;
}

// Encodes frames [first, first + count) of a moving gradient; the first one a forced key frame.
int encode(VideoEncoder& enc, int first, int count, std::vector<EncodedVideoPacket>& out) {
  auto frame = media::av::alloc_frame();
  EXPECT_TRUE(frame.ok());
  AVFrame* f = frame->get();
  f->width = kWidth;
  f->height = kHeight;
  f->format = AV_PIX_FMT_YUV420P;
  EXPECT_GE(av_frame_get_buffer(f, 0), 0);
  int packets = 0;
  auto keep = [&](const EncodedVideoPacket& p) {
    out.push_back(p);
    out.back().data = {};
    ++packets;
    return media::Status{};
  };
  for (int n = first; n < first + count; ++n) {
    EXPECT_GE(av_frame_make_writable(f), 0);
    for (int p = 0; p < 3; ++p)
      for (uint32_t y = 0; y < (p ? kHeight / 2 : kHeight); ++y)
        for (uint32_t x = 0; x < (p ? kWidth / 2 : kWidth); ++x) f->data[p][y * f->linesize[p] + x] = uint8_t(x + y + 3 * n);
    f->pts = n;
    f->pict_type = n == first ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
    EXPECT_TRUE(enc.encode(f, keep).ok());
  }
  return packets;
}

TEST(PresetSwitch, ALiveEncoderStepsToFasterPresetsWithTheSameHeaders) {
  av_log_set_level(AV_LOG_QUIET);
  auto enc = VideoEncoder::open(settings(true));
  ASSERT_TRUE(enc.ok()) << enc.error();
  const VideoStreamConfig headers = (*enc)->stream_config();
  std::vector<EncodedVideoPacket> packets;
  // Low delay: at most one frame in flight (no lookahead, no B-frames).
  EXPECT_GE(encode(**enc, 0, 30, packets), 29);
  for (const char* faster : {"superfast", "ultrafast"}) {
    auto switched = (*enc)->switch_preset(faster, [&](const EncodedVideoPacket& p) {
      packets.push_back(p);
      return media::Status{};
    });
    ASSERT_TRUE(switched.ok()) << switched.error();
    EXPECT_TRUE(*switched) << faster;
    EXPECT_EQ((*enc)->settings().preset, faster);
    EXPECT_EQ((*enc)->stream_config(), headers);
    const int first = int(packets.size());  // the switch flushed every frame in flight
    EXPECT_GE(encode(**enc, first, 30, packets), 29) << faster;
    EXPECT_TRUE(packets[first].key) << "the new encoder starts with a key frame";
  }
  for (size_t i = 0; i < packets.size(); ++i) {
    EXPECT_EQ(packets[i].pts_ticks, int64_t(i) * 3000) << i;
    EXPECT_EQ(packets[i].dts_ticks, packets[i].pts_ticks) << "no reordering";
  }
}

TEST(PresetSwitch, AStepThatWouldChangeTheHeadersIsRefused) {
  av_log_set_level(AV_LOG_QUIET);
  auto enc = VideoEncoder::open(settings(false));
  ASSERT_TRUE(enc.ok()) << enc.error();
  std::vector<EncodedVideoPacket> packets;
  encode(**enc, 0, 10, packets);
  // ultrafast drops CABAC and 8x8 transforms: another PPS.
  auto switched = (*enc)->switch_preset("ultrafast", [](const EncodedVideoPacket&) { return media::Status{}; });
  ASSERT_TRUE(switched.ok()) << switched.error();
  EXPECT_FALSE(*switched);
  EXPECT_EQ((*enc)->settings().preset, "veryfast");
}

// Only x264's headers are pinned for stepping: other encoders keep their preset.
TEST(PresetSwitch, AnHevcEncoderKeepsItsPreset) {
  av_log_set_level(AV_LOG_QUIET);
  auto enc = VideoEncoder::open(settings(false, VideoCodec::kHevc));
  ASSERT_TRUE(enc.ok()) << enc.error();
  auto switched = (*enc)->switch_preset("ultrafast", [](const EncodedVideoPacket&) { return media::Status{}; });
  ASSERT_TRUE(switched.ok()) << switched.error();
  EXPECT_FALSE(*switched);
  EXPECT_EQ((*enc)->settings().preset, "veryfast");
}

TEST(PresetSwitch, LowDelayIsRefusedForOtherCodecs) {
  av_log_set_level(AV_LOG_QUIET);
  for (VideoCodec codec : {VideoCodec::kHevc, VideoCodec::kAv1}) {
    auto enc = VideoEncoder::open(settings(true, codec));
    ASSERT_FALSE(enc.ok()) << codec_name(codec);
    EXPECT_NE(enc.error().message.find("low-delay encoding needs libx264"), std::string::npos) << enc.error();
  }
}

}  // namespace
}  // namespace packager
