// DisplayConverter on pictures made in the test: 8-bit 4:2:0 passes through,
// 10-bit SDR is cut to 8 bits, and a PQ (HDR) picture is tone-mapped exactly
// as the FFmpeg CLI tone-maps it with the same filters, not merely cut.
#include "player/av/display_converter.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "support/process.h"

extern "C" {
#include <libavutil/pixfmt.h>
}

namespace player {
namespace {

using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

constexpr int kSize = 64;

// A flat 10-bit 4:2:0 picture: luma `y`, neutral chroma.
media::av::FramePtr flat_10bit(uint16_t y) {
  media::av::FramePtr f(av_frame_alloc());
  f->format = AV_PIX_FMT_YUV420P10LE;
  f->width = f->height = kSize;
  EXPECT_GE(av_frame_get_buffer(f.get(), 0), 0);
  for (int plane = 0; plane < 3; ++plane) {
    const int h = plane == 0 ? kSize : kSize / 2, w = plane == 0 ? kSize : kSize / 2;
    for (int row = 0; row < h; ++row) {
      auto* line = reinterpret_cast<uint16_t*>(f->data[plane] + row * f->linesize[plane]);
      for (int x = 0; x < w; ++x) line[x] = plane == 0 ? y : 512;
    }
  }
  return f;
}

int luma_at(const AVFrame& f, int x, int y) { return f.data[0][y * f.linesize[0] + x]; }

TEST(DisplayConverter, EightBit420PassesThrough) {
  media::av::FramePtr f(av_frame_alloc());
  f->format = AV_PIX_FMT_YUV420P;
  f->width = f->height = kSize;
  ASSERT_GE(av_frame_get_buffer(f.get(), 0), 0);
  DisplayConverter c;
  auto out = c.convert(*f);
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ(*out, f.get());
}

TEST(DisplayConverter, TenBitSdrIsCutToEightBits) {
  auto f = flat_10bit(400);
  DisplayConverter c;
  EXPECT_FALSE(DisplayConverter::is_hdr(*f));
  auto out = c.convert(*f);
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ((*out)->format, AV_PIX_FMT_YUV420P);
  EXPECT_NEAR(luma_at(**out, 10, 10), 100, 1);
}

TEST(DisplayConverter, PqIsToneMappedAsFfmpegDoes) {
  // About 100 nits in PQ, BT.2020, limited range: a plain cut to 8 bits
  // would show luma 127; tone-mapped to SDR (100 nits = SDR white) it is brighter.
  constexpr uint16_t kPqY = 509;
  auto f = flat_10bit(kPqY);
  f->color_trc = AVCOL_TRC_SMPTE2084;
  f->color_primaries = AVCOL_PRI_BT2020;
  f->colorspace = AVCOL_SPC_BT2020_NCL;
  f->color_range = AVCOL_RANGE_MPEG;
  ASSERT_TRUE(DisplayConverter::is_hdr(*f));
  DisplayConverter c;
  auto out = c.convert(*f);
  ASSERT_TRUE(out.ok()) << out.error();
  ASSERT_EQ((*out)->format, AV_PIX_FMT_YUV420P);
  const int ours = luma_at(**out, 10, 10);
  EXPECT_GT(ours, 127 + 20) << "looks like a bit-depth cut, not a tone map";

  // The FFmpeg CLI on the same picture with the same filters.
  ScratchDir dir("display-converter");
  {
    std::ofstream raw(dir / "in.yuv", std::ios::binary);
    for (int plane = 0; plane < 3; ++plane) {
      const int h = plane == 0 ? kSize : kSize / 2, w = plane == 0 ? kSize : kSize / 2;
      for (int row = 0; row < h; ++row)
        raw.write(reinterpret_cast<const char*>(f->data[plane] + row * f->linesize[plane]), w * 2);
    }
  }
  auto r = run_command("ffmpeg -nostdin -v error -f rawvideo -pix_fmt yuv420p10le -s 64x64 -color_trc smpte2084 "
                       "-color_primaries bt2020 -colorspace bt2020nc -color_range tv -i " +
                       shell_quote((dir / "in.yuv").string()) +
                       " -vf zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,"
                       "zscale=t=bt709:m=bt709:r=tv,format=yuv420p -f rawvideo -frames:v 1 -y " +
                       shell_quote((dir / "out.yuv").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(dir / "out.yuv", std::ios::binary);
  std::string theirs((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(theirs.size(), static_cast<size_t>(kSize * kSize * 3 / 2));
  EXPECT_NEAR(ours, static_cast<unsigned char>(theirs[10 * kSize + 10]), 1);
  // And the chroma stays neutral (a grey stays grey).
  EXPECT_NEAR((*out)->data[1][0], 128, 2);
}

}  // namespace
}  // namespace player
