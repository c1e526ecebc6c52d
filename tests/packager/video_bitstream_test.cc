// HEVC and AV1 in MP4: configuration records and codecs strings from real
// encoder headers (x265 and SVT-AV1 output; FFmpeg writes the same av1C,
// and the same hvcC plus x265's informational SEI), samples without
// parameter sets or temporal delimiters, --codec lists.
#include "packager/video_bitstream.h"

#include <gtest/gtest.h>

#include "packager/av1_bitstream.h"
#include "packager/hevc_bitstream.h"
#include "packager/video_encoder.h"

namespace packager {
namespace {

std::vector<uint8_t> hex(std::string_view h) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(uint8_t(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
  return out;
}

// x265 3.5, 640x360 Main, level 3.1 (63).
const std::string kVps = "40010c01ffff01600000030090000003000003003f959409";
const std::string kSps = "42010101600000030090000003000003003fa005020171f2e595952930bc05a020000003002000000303c1";
const std::string kPps = "4401c073c189";
const std::string kHvcc =
    "0101600000009000000000003ff000fcfdf8f800000f03a00001001840010c01ffff01600000030090000003000003003f959409a10001002b"
    "42010101600000030090000003000003003fa005020171f2e595952930bc05a020000003002000000303c1a2000100064401c073c189";
// SVT-AV1 1.4, 320x180 Main 8-bit 4:2:0, level 2.0 (seq_level_idx 0).
const std::string kAv1c = "81000c000a0b000000043cfecc02f80040";

std::vector<uint8_t> annexb(const std::vector<std::string>& nals) {
  std::vector<uint8_t> out;
  for (const auto& n : nals) {
    out.insert(out.end(), {0, 0, 0, 1});
    auto b = hex(n);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

TEST(HevcBitstream, ConfigFromX265Headers) {
  auto c = hevc_config_from_annexb(annexb({kVps, kSps, kPps}));
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->profile_idc, 1);
  EXPECT_EQ(c->level_idc, 63);
  EXPECT_FALSE(c->tier_flag);
  EXPECT_EQ(c->compatibility_flags, 0x60000000u);
  EXPECT_EQ(c->constraint_flags, 0x900000000000u);
  EXPECT_EQ(c->chroma_format_idc, 1);
  EXPECT_EQ(c->bit_depth_luma_minus8, 0);
  EXPECT_EQ(c->max_sub_layers, 1);
  EXPECT_EQ(hevc_codecs_string(*c), "hvc1.1.6.L63.90");
  auto hvcc = build_hvcc(*c);
  ASSERT_TRUE(hvcc.ok());
  EXPECT_EQ(*hvcc, hex(kHvcc));
  // And back: the hvcC gives the same configuration.
  auto back = parse_hevc_extradata(*hvcc);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(*back, *c);
}

TEST(HevcBitstream, CodecsStringForms) {
  HevcConfig c;
  c.profile_space = 1;
  c.tier_flag = true;
  c.profile_idc = 2;
  c.compatibility_flags = 0x20000000;  // flag[2]
  c.level_idc = 120;
  c.constraint_flags = 0x00b000000000;
  EXPECT_EQ(hevc_codecs_string(c), "hvc1.A2.4.H120.0.B0");
}

TEST(HevcBitstream, SamplesKeepOnlyPictureNalUnits) {
  const std::vector<uint8_t> au = annexb({"460150", kVps, kSps, kPps, "4e01ff", "2601af"});  // AUD, sets, SEI, IDR
  std::vector<uint8_t> out;
  ASSERT_TRUE(append_video_sample(VideoCodec::kHevc, au, NalFraming{}, out).ok());
  EXPECT_EQ(out, (std::vector<uint8_t>{0, 0, 0, 3, 0x4e, 0x01, 0xff, 0, 0, 0, 3, 0x26, 0x01, 0xaf}));
  // The same from length-prefixed input (hvcC files).
  std::vector<uint8_t> again;
  ASSERT_TRUE(append_video_sample(VideoCodec::kHevc, out, NalFraming{4}, again).ok());
  EXPECT_EQ(again, out);
}

TEST(HevcBitstream, BadInputIsAnError) {
  EXPECT_FALSE(hevc_config_from_annexb(annexb({kVps, kPps})).ok());
  EXPECT_FALSE(hevc_config_from_annexb(annexb({kVps, "420101", kPps})).ok());  // truncated SPS
  EXPECT_FALSE(parse_hevc_extradata(hex("0101600000")).ok());
  auto cut = hex(kHvcc);
  cut.resize(cut.size() - 3);
  EXPECT_FALSE(parse_hevc_extradata(cut).ok());
  std::vector<uint8_t> out;
  EXPECT_FALSE(append_video_sample(VideoCodec::kHevc, hex("00000009aa"), NalFraming{4}, out).ok());
}

TEST(Av1Bitstream, ConfigFromSvtAv1SequenceHeader) {
  auto c = parse_av1_extradata(hex(kAv1c));
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->seq_profile, 0);
  EXPECT_EQ(c->seq_level_idx_0, 0);
  EXPECT_EQ(c->bit_depth(), 8);
  EXPECT_TRUE(c->chroma_subsampling_x && c->chroma_subsampling_y);
  EXPECT_FALSE(c->monochrome);
  EXPECT_EQ(build_av1c(*c), hex(kAv1c));
  EXPECT_EQ(av1_codecs_string(*c), "av01.0.00M.08");
  // Raw OBUs (libsvtav1's extradata) give the same.
  auto raw = parse_av1_extradata(hex(kAv1c.substr(8)));
  ASSERT_TRUE(raw.ok()) << raw.error();
  EXPECT_EQ(*raw, *c);
  auto stream = video_stream_config(VideoCodec::kAv1, hex(kAv1c), {});
  ASSERT_TRUE(stream.ok());
  EXPECT_EQ(stream->sample_entry, "av01");
  EXPECT_EQ(stream->config_box, "av1C");
}

TEST(Av1Bitstream, SamplesDropTemporalDelimitersAndPadding) {
  // TD (type 2, size 0), frame OBU (type 6, 2 bytes), padding (type 15, 1 byte).
  const std::vector<uint8_t> tu = {0x12, 0x00, 0x32, 0x02, 0xaa, 0xbb, 0x7a, 0x01, 0x00};
  std::vector<uint8_t> out;
  ASSERT_TRUE(append_video_sample(VideoCodec::kAv1, tu, NalFraming{}, out).ok());
  EXPECT_EQ(out, (std::vector<uint8_t>{0x32, 0x02, 0xaa, 0xbb}));
  EXPECT_FALSE(append_video_sample(VideoCodec::kAv1, hex("3205aa"), NalFraming{}, out).ok());  // runs past
  EXPECT_FALSE(append_video_sample(VideoCodec::kAv1, hex("9200"), NalFraming{}, out).ok());        // forbidden bit
  EXPECT_FALSE(parse_av1_extradata(hex("810000")).ok());
  EXPECT_FALSE(av1_config_from_obus(hex("3200")).ok());  // no sequence header
}

TEST(VideoCodec, ListsPresetsAndIds) {
  auto list = parse_codec_list("h264,hevc,av1");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(*list, (std::vector<VideoCodec>{VideoCodec::kH264, VideoCodec::kHevc, VideoCodec::kAv1}));
  EXPECT_EQ(*parse_codec_list("h265"), std::vector<VideoCodec>{VideoCodec::kHevc});
  for (const char* bad : {"", "vp9", "h264,h264", "h264,"}) EXPECT_FALSE(parse_codec_list(bad).ok()) << bad;
  EXPECT_EQ(rung_id(VideoCodec::kH264, 2), "v2");
  EXPECT_EQ(rung_id(VideoCodec::kAv1, 0), "av1-v0");
  EXPECT_EQ(svt_av1_preset("veryfast"), 11);
  EXPECT_GT(svt_av1_preset("ultrafast"), svt_av1_preset("medium"));
}

}  // namespace
}  // namespace packager
