// Our fMP4 boxes read back with media/'s independent ISO-BMFF reader: init
// segment (track, timescale, handler, edit list), fragments (tfdt, samples,
// durations, sync), sidx.
#include <gtest/gtest.h>

#include "media/isobmff/boxes.h"
#include "packager/mp4/fragment.h"
#include "packager/mp4/init_segment.h"

namespace packager::mp4 {
namespace {

const std::vector<uint8_t> kAvcc{1, 0x64, 0, 0x1f, 0xff, 0xe1, 0, 4, 0x67, 0x64, 0, 0x1f, 1, 0, 2, 0x68, 0xeb};

TEST(InitSegment, VideoReadsBack) {
  TrackConfig t{1, 90000, VideoTrack{1280, 720, 1, 1, kAvcc}, 6000};
  auto bytes = build_init_segment(t);
  auto info = media::parse_init_segment(bytes);
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->track_id, 1u);
  EXPECT_EQ(info->timescale, 90000u);
  EXPECT_EQ(info->handler, media::fourcc("vide"));
  ASSERT_TRUE(info->defaults);
  EXPECT_EQ(info->defaults->track_id, 1u);
  auto boxes = media::read_boxes(bytes);
  ASSERT_TRUE(boxes.ok());
  ASSERT_EQ(boxes->size(), 2u);
  EXPECT_EQ((*boxes)[0].type, media::fourcc("ftyp"));
  EXPECT_EQ((*boxes)[1].type, media::fourcc("moov"));
  auto trak = media::find_child((*boxes)[1], media::fourcc("trak"));
  ASSERT_TRUE(trak.ok() && trak->has_value());
  auto edts = media::find_child(**trak, media::fourcc("edts"));
  ASSERT_TRUE(edts.ok() && edts->has_value()) << "edit list expected for a reorder delay";
}

TEST(InitSegment, AudioReadsBackWithoutEditList) {
  TrackConfig t{1, 48000, AudioTrack{48000, 2, {0x11, 0x90}, 128000, 128000}};
  auto bytes = build_init_segment(t);
  auto info = media::parse_init_segment(bytes);
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->timescale, 48000u);
  EXPECT_EQ(info->handler, media::fourcc("soun"));
  auto boxes = media::read_boxes(bytes);
  ASSERT_TRUE(boxes.ok());
  auto trak = media::find_child((*boxes)[1], media::fourcc("trak"));
  ASSERT_TRUE(trak.ok() && trak->has_value());
  auto edts = media::find_child(**trak, media::fourcc("edts"));
  ASSERT_TRUE(edts.ok());
  EXPECT_FALSE(edts->has_value());
}

TEST(Fragment, ReadsBackWithPayload) {
  std::vector<FragmentSample> samples{{100, 3000, 6000, true}, {40, 3000, 0, false}, {30, 3000, 3000, false}};
  auto bytes = build_fragment_header(1, 7, 360000, samples, true);
  bytes.insert(bytes.end(), 170, 0xab);
  auto frags = media::parse_media_segment(bytes, std::nullopt);
  ASSERT_TRUE(frags.ok()) << frags.error();
  ASSERT_EQ(frags->size(), 1u);
  const auto& f = frags->front();
  EXPECT_EQ(f.track_id, 1u);
  EXPECT_EQ(f.base_media_decode_time, 360000u);
  EXPECT_EQ(f.sample_count, 3u);
  EXPECT_EQ(f.duration_ticks, 9000u);
  EXPECT_EQ(f.size_bytes, 170u);
  EXPECT_TRUE(f.first_sample_is_sync);
  auto boxes = media::read_boxes(bytes);
  ASSERT_TRUE(boxes.ok()) << boxes.error();
  ASSERT_EQ(boxes->size(), 2u);
  EXPECT_EQ((*boxes)[1].type, media::fourcc("mdat"));
  EXPECT_EQ((*boxes)[1].payload.size(), 170u);
}

TEST(Fragment, StypAndSidx) {
  auto styp = build_styp();
  auto boxes = media::read_boxes(styp);
  ASSERT_TRUE(boxes.ok());
  EXPECT_EQ((*boxes)[0].type, media::fourcc("styp"));

  auto sidx_bytes = build_sidx(1, 90000, 0, {{1000, 360000}, {2000, 360000}, {500, 90000}});
  auto sboxes = media::read_boxes(sidx_bytes);
  ASSERT_TRUE(sboxes.ok());
  auto sidx = media::parse_sidx((*sboxes)[0]);
  ASSERT_TRUE(sidx.ok()) << sidx.error();
  EXPECT_EQ(sidx->timescale, 90000u);
  ASSERT_EQ(sidx->references.size(), 3u);
  EXPECT_TRUE(sidx->references[0].starts_with_sap);
  auto segs = media::sidx_segments(*sidx, 700);
  ASSERT_TRUE(segs.ok());
  EXPECT_EQ((*segs)[1].first_byte, 1700u);
  EXPECT_EQ((*segs)[1].last_byte, 3699u);
  EXPECT_EQ((*segs)[2].start_ticks, 720000u);
}

}  // namespace
}  // namespace packager::mp4
