#include "media/segments_json.h"

#include <gtest/gtest.h>

namespace media {
namespace {

PresentationMetadata sample() {
  PresentationMetadata m;
  RepresentationMetadata v{"v0", "video", 3000000, 1280, 720, {}};
  v.segments.push_back({1, 0.0, 4.0, 1503311, 41.25, std::nullopt});
  v.segments.push_back({2, 4.0, 2.5, 901234, 39.5, 0.97});
  RepresentationMetadata a{"a0", "audio", 128000, std::nullopt, std::nullopt, {}};
  a.segments.push_back({1, 0.0, 4.0, 64000, std::nullopt, std::nullopt});
  m.representations = {v, a};
  return m;
}

TEST(SegmentsJson, RoundTrips) {
  auto text = write_segments_json(sample());
  auto back = parse_segments_json(text);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(*back, sample());
  ASSERT_NE(back->find("a0"), nullptr);
  EXPECT_EQ(back->find("nope"), nullptr);
}

TEST(SegmentsJson, DisplayQualityRoundTripsAndIsPreferred) {
  PresentationMetadata m = sample();
  m.representations[0].segments[0].psnr_display_db = 36.5;
  m.representations[0].segments[0].ssim_display = 0.951;
  const std::string text = write_segments_json(m);
  EXPECT_NE(text.find("\"psnr_display\": 36.5"), std::string::npos) << text;
  auto back = parse_segments_json(text);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(*back, m);
  EXPECT_EQ(back->representations[0].segments[0].quality_db(), 36.5);   // display PSNR when known
  EXPECT_EQ(back->representations[0].segments[1].quality_db(), 39.5);   // else the encoder's
  EXPECT_FALSE(back->representations[1].segments[0].quality_db().has_value());
  EXPECT_FALSE(parse_segments_json(R"({"format":"dashstream-segments","version":1,"representations":[{"id":"v","segments":)"
                                   R"([{"number":1,"start_s":0,"duration_s":4,"bytes":1,"psnr_display":"x"}]}]})")
                   .ok());
}

TEST(SegmentsJson, RejectsMalformed) {
  const char* bad[] = {
      "", "[]", "{}", R"({"format":"other","version":1,"representations":[]})",
      R"({"format":"dashstream-segments","representations":[]})",
      R"({"format":"dashstream-segments","version":1})",
      R"({"format":"dashstream-segments","version":1,"representations":[{"segments":[]}]})",
      R"({"format":"dashstream-segments","version":1,"representations":[{"id":"v","segments":[{"number":1}]}]})",
      R"({"format":"dashstream-segments","version":1,"representations":[{"id":"v","segments":[{"number":1,"start_s":0,"duration_s":-4,"bytes":1}]}]})",
      R"({"format":"dashstream-segments","version":1,"representations":[{"id":"v","segments":[{"number":1,"start_s":0,"duration_s":4,"bytes":-1}]}]})",
      R"({"format":"dashstream-segments","version":1,"representations":[{"id":"v","width":-3,"segments":[]}]})",
  };
  for (const char* text : bad) EXPECT_FALSE(parse_segments_json(text).ok()) << text;
}

TEST(SegmentsJson, NewerVersionIsUnsupported) {
  auto r = parse_segments_json(R"({"format":"dashstream-segments","version":2,"representations":[]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace media
