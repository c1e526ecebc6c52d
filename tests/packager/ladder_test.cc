// Ladder parsing (--ladder) and derivation from the source: never upscale,
// even sizes, display aspect kept (SAR and rotation), lowest rate first.
#include "packager/ladder.h"

#include <gtest/gtest.h>

namespace packager {
namespace {

std::vector<LadderRung> derive(uint32_t w, uint32_t h, uint32_t sar_num = 1, uint32_t sar_den = 1, int rotation = 0) {
  return derive_ladder(SourceGeometry{w, h, sar_num, sar_den, rotation});
}

TEST(ParseLadder, SizesAndShortSides) {
  auto specs = parse_ladder("1280x720@3000k, 640x360@700k,480p@1.2M,2000x1000@2500000");
  ASSERT_TRUE(specs.ok()) << specs.error();
  ASSERT_EQ(specs->size(), 4u);
  EXPECT_EQ((*specs)[0], (RungSpec{1280, 720, 3'000'000}));
  EXPECT_EQ((*specs)[1], (RungSpec{640, 360, 700'000}));
  EXPECT_EQ((*specs)[2], (RungSpec{std::nullopt, 480, 1'200'000}));
  EXPECT_EQ((*specs)[3], (RungSpec{2000, 1000, 2'500'000}));
}

TEST(ParseLadder, RejectsBadSyntaxWithTheEntry) {
  for (const char* bad : {"", "1280x720", "1280x@3000k", "x720@3000k", "1280x720@", "1280x720@fast", "720@3000k",
                          "1281x720@3000k", "8x8@100k", "99999x720@1M", "1280x720@-5k", "720p@3000k,,360p@700k",
                          "720p@3000k,720p@3000k", "abcp@1M", "1280x720@0.5"}) {
    auto r = parse_ladder(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, media::ErrorCode::kInvalidArgument) << bad;
    }
  }
  auto r = parse_ladder("1280x@3000k");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'1280x@3000k'"), std::string::npos) << r.error().message;
}

TEST(ParseLadder, RejectsTooManyRungs) {
  std::string text;
  for (int i = 0; i < 9; ++i) text += (i ? "," : "") + std::to_string(200 + 20 * i) + "p@" + std::to_string(100 + i) + "k";
  EXPECT_FALSE(parse_ladder(text).ok());
}

TEST(DeriveLadder, FullHdGetsEveryStandardRungLowestFirst) {
  auto l = derive(1920, 1080);
  const std::vector<LadderRung> expected{{426, 240, 350'000},
                                         {640, 360, 700'000},
                                         {854, 480, 1'200'000},
                                         {1280, 720, 3'000'000},
                                         {1920, 1080, 5'000'000}};
  EXPECT_EQ(l, expected);
}

TEST(DeriveLadder, NeverUpscales) {
  auto l = derive(1280, 720);
  ASSERT_EQ(l.size(), 4u);
  EXPECT_EQ(l.back(), (LadderRung{1280, 720, 3'000'000}));
  for (const auto& r : derive(3840, 2160)) EXPECT_LE(r.height, 1080u);
}

TEST(DeriveLadder, OddWidthStaysWithinTheSourceAndEven) {
  auto l = derive(853, 480);
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l.back(), (LadderRung{852, 480, 1'200'000}));
  for (const auto& r : l) {
    EXPECT_EQ(r.width % 2, 0u);
    EXPECT_EQ(r.height % 2, 0u);
    EXPECT_LE(r.width, 853u);
  }
}

TEST(DeriveLadder, PortraitUsesTheShortSide) {
  auto l = derive(720, 1280);
  ASSERT_EQ(l.size(), 4u);
  EXPECT_EQ(l.back(), (LadderRung{720, 1280, 3'000'000}));
  EXPECT_EQ(l.front(), (LadderRung{240, 426, 350'000}));
}

TEST(DeriveLadder, RotationSwapsTheDisplay) {
  // A phone video stored 1920x1080 with a 90° display rotation is portrait.
  EXPECT_EQ(display_size({1920, 1080, 1, 1, 90}), (DisplaySize{1080, 1920}));
  EXPECT_EQ(display_size({1920, 1080, 1, 1, 180}), (DisplaySize{1920, 1080}));
  auto l = derive(1920, 1080, 1, 1, 270);
  ASSERT_FALSE(l.empty());
  EXPECT_EQ(l.back(), (LadderRung{1080, 1920, 5'000'000}));
}

TEST(DeriveLadder, SampleAspectRatioIsApplied) {
  // PAL 4:3 anamorphic: 720x576 with 16:15 pixels shows as 768x576.
  EXPECT_EQ(display_size({720, 576, 16, 15, 0}), (DisplaySize{768, 576}));
  auto l = derive(720, 576, 16, 15);
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l.back(), (LadderRung{640, 480, 1'200'000}));
  // Unknown SAR (0) counts as square.
  EXPECT_EQ(display_size({640, 360, 0, 1, 0}), (DisplaySize{640, 360}));
}

TEST(DeriveLadder, TinySourceGetsOneRungAtItsOwnSize) {
  auto l = derive(320, 180);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].width, 320u);
  EXPECT_EQ(l[0].height, 180u);
  EXPECT_GE(l[0].video_rate_bps, 100'000);
  EXPECT_LT(l[0].video_rate_bps, 350'000);
}

TEST(ResolveLadder, ShortSideTakesTheDisplayAspect) {
  auto specs = parse_ladder("720p@3000k,360p@700k,100x100@50k");
  ASSERT_TRUE(specs.ok());
  auto portrait = resolve_ladder(*specs, {720, 1280, 1, 1, 0});
  ASSERT_TRUE(portrait.ok()) << portrait.error();
  const std::vector<LadderRung> expected{{100, 100, 50'000}, {360, 640, 700'000}, {720, 1280, 3'000'000}};
  EXPECT_EQ(*portrait, expected);
  auto wide = resolve_ladder(*specs, {1920, 1080, 1, 1, 0});
  ASSERT_TRUE(wide.ok());
  EXPECT_EQ((*wide)[2], (LadderRung{1280, 720, 3'000'000}));
}

TEST(ResolveLadder, RejectsAShortSideThatBecomesTooLarge) {
  auto specs = parse_ladder("2160p@20M");
  ASSERT_TRUE(specs.ok());
  EXPECT_FALSE(resolve_ladder(*specs, {4000, 1000, 1, 1, 0}).ok());
}

}  // namespace
}  // namespace packager
