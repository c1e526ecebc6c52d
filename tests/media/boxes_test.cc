#include "media/isobmff/boxes.h"

#include <gtest/gtest.h>

#include "box_builder.h"

namespace media {
namespace {

using test::BoxWriter;

std::vector<uint8_t> sidx_v0() {
  BoxWriter p;
  p.u32(0).u32(1).u32(90000).u32(0).u32(16).u16(0).u16(2);
  p.u32(1000).u32(360000).u32(0x90000000);  // media, 1000 bytes, 4 s, SAP type 1
  p.u32(800).u32(180000).u32(0x90000000);
  return BoxWriter().box("sidx", p.bytes()).bytes();
}

TEST(Boxes, IteratesAndNests) {
  BoxWriter inner;
  inner.box("mfhd", {0, 0, 0, 0, 0, 0, 0, 1});
  auto data = BoxWriter().box("styp", {'m', 's', 'd', 'h'}).box("moof", inner.bytes()).bytes();
  auto boxes = read_boxes(data);
  ASSERT_TRUE(boxes.ok()) << boxes.error();
  ASSERT_EQ(boxes->size(), 2u);
  EXPECT_EQ((*boxes)[1].type, fourcc("moof"));
  EXPECT_EQ((*boxes)[1].offset, 12u);
  auto mfhd = find_child((*boxes)[1], fourcc("mfhd"));
  ASSERT_TRUE(mfhd.ok() && mfhd->has_value());
  EXPECT_EQ((*mfhd)->offset, 20u);
}

TEST(Boxes, LargeSizeAndToEnd) {
  BoxWriter w;
  w.u32(1).raw({'f', 'r', 'e', 'e'}).u64(20).u32(7);  // 64-bit size
  w.u32(0).raw({'m', 'd', 'a', 't'}).u32(1).u32(2);   // size 0: to the end
  auto boxes = read_boxes(w.bytes());
  ASSERT_TRUE(boxes.ok()) << boxes.error();
  ASSERT_EQ(boxes->size(), 2u);
  EXPECT_EQ((*boxes)[0].header_size, 16u);
  EXPECT_EQ((*boxes)[1].size, 16u);
}

TEST(Boxes, MalformedIsAnError) {
  auto good = sidx_v0();
  for (size_t cut = 1; cut < good.size(); ++cut) {
    std::vector<uint8_t> truncated(good.begin(), good.begin() + static_cast<long>(cut));
    EXPECT_FALSE(read_boxes(truncated).ok()) << "cut at " << cut;
  }
  EXPECT_FALSE(read_boxes(BoxWriter().u32(4).raw({'f', 'r', 'e', 'e'}).bytes()).ok());  // size < header
  EXPECT_FALSE(read_boxes(BoxWriter().u32(1).raw({'f', 'r', 'e', 'e'}).u64(3).bytes()).ok());
  // A truncated tail may be tolerated when reading the head of a file.
  std::vector<uint8_t> head(good.begin(), good.begin() + 10);
  auto tolerant = read_boxes(head, 0, true);
  ASSERT_TRUE(tolerant.ok());
  EXPECT_TRUE(tolerant->empty());
}

TEST(Boxes, SidxVersion0) {
  const auto data = sidx_v0();  // boxes view this buffer: keep it alive
  auto boxes = read_boxes(data);
  ASSERT_TRUE(boxes.ok());
  auto sidx = parse_sidx(boxes->at(0));
  ASSERT_TRUE(sidx.ok()) << sidx.error();
  EXPECT_EQ(sidx->timescale, 90000u);
  EXPECT_EQ(sidx->first_offset, 16u);
  ASSERT_EQ(sidx->references.size(), 2u);
  EXPECT_TRUE(sidx->references[0].starts_with_sap);
  EXPECT_EQ(sidx->references[0].sap_type, 1);
  auto segs = sidx_segments(*sidx, boxes->at(0).end());
  ASSERT_TRUE(segs.ok());
  const uint64_t first = boxes->at(0).end() + 16;
  EXPECT_EQ((*segs)[0].first_byte, first);
  EXPECT_EQ((*segs)[0].last_byte, first + 999);
  EXPECT_EQ((*segs)[1].first_byte, first + 1000);
  EXPECT_EQ((*segs)[1].start_ticks, 360000u);
}

TEST(Boxes, SidxVersion1) {
  BoxWriter p;
  p.u32(0x01000000).u32(1).u32(1000).u64(5000000000ULL).u64(0).u16(0).u16(1);
  p.u32(123).u32(2000).u32(0x90000000);
  const auto data = BoxWriter().box("sidx", p.bytes()).bytes();
  auto boxes = read_boxes(data);
  ASSERT_TRUE(boxes.ok());
  auto sidx = parse_sidx(boxes->at(0));
  ASSERT_TRUE(sidx.ok()) << sidx.error();
  EXPECT_EQ(sidx->version, 1);
  EXPECT_EQ(sidx->earliest_presentation_time, 5000000000ULL);
  EXPECT_EQ(sidx->references.at(0).size_bytes, 123u);
}

TEST(Boxes, SidxErrors) {
  BoxWriter count_lies;  // claims 5 references, holds 1
  count_lies.u32(0).u32(1).u32(1000).u32(0).u32(0).u16(0).u16(5).u32(1).u32(1).u32(0);
  const auto d1 = BoxWriter().box("sidx", count_lies.bytes()).bytes();
  auto b1 = read_boxes(d1);
  EXPECT_FALSE(parse_sidx(b1->at(0)).ok());
  BoxWriter zero_ts;
  zero_ts.u32(0).u32(1).u32(0).u32(0).u32(0).u16(0).u16(0);
  const auto d2 = BoxWriter().box("sidx", zero_ts.bytes()).bytes();
  auto b2 = read_boxes(d2);
  EXPECT_FALSE(parse_sidx(b2->at(0)).ok());
  BoxWriter v7;
  v7.u32(0x07000000).u32(1).u32(1000);
  const auto d3 = BoxWriter().box("sidx", v7.bytes()).bytes();
  auto b3 = read_boxes(d3);
  EXPECT_FALSE(parse_sidx(b3->at(0)).ok());
  const auto d4 = BoxWriter().box("free", {}).bytes();
  auto other = read_boxes(d4);
  EXPECT_FALSE(parse_sidx(other->at(0)).ok());
}

TEST(Boxes, MediaSegmentFragments) {
  BoxWriter tfhd, tfdt, trun, traf, moof;
  tfhd.u32(0x000008).u32(1).u32(3000);               // default sample duration 3000
  tfdt.u32(0x01000000).u64(900000);                  // version 1
  trun.u32(0x000205).u32(3).u32(100).u32(0x02000000)  // data offset, first-sample flags (sync), sizes
      .u32(500).u32(400).u32(300);
  traf.box("tfhd", tfhd.bytes()).box("tfdt", tfdt.bytes()).box("trun", trun.bytes());
  moof.box("traf", traf.bytes());
  auto data = BoxWriter().box("moof", moof.bytes()).box("mdat", std::vector<uint8_t>(1200)).bytes();
  auto frags = parse_media_segment(data, std::nullopt);
  ASSERT_TRUE(frags.ok()) << frags.error();
  ASSERT_EQ(frags->size(), 1u);
  const TrackFragment& f = frags->at(0);
  EXPECT_EQ(f.track_id, 1u);
  EXPECT_EQ(f.base_media_decode_time, 900000u);
  EXPECT_EQ(f.sample_count, 3u);
  EXPECT_EQ(f.duration_ticks, 9000u);
  EXPECT_EQ(f.size_bytes, 1200u);
  EXPECT_TRUE(f.first_sample_is_sync);
}

TEST(Boxes, TrunSampleCountBeyondPayloadIsAnError) {
  BoxWriter tfhd, trun, traf, moof;
  tfhd.u32(0).u32(1);
  trun.u32(0x000100).u32(0x7fffffff).u32(1);  // per-sample durations, far too few bytes
  traf.box("tfhd", tfhd.bytes()).box("trun", trun.bytes());
  moof.box("traf", traf.bytes());
  EXPECT_FALSE(parse_media_segment(BoxWriter().box("moof", moof.bytes()).bytes(), std::nullopt).ok());
  EXPECT_FALSE(parse_media_segment(BoxWriter().box("mdat", {}).bytes(), std::nullopt).ok());
}

}  // namespace
}  // namespace media
