// H.264 plumbing: Annex B ↔ length-prefixed, avcC parse/build, codecs strings,
// and malformed input that must give an Error.
#include "packager/h264_bitstream.h"

#include <gtest/gtest.h>

namespace packager {
namespace {

// A real High profile level 3.1 SPS and a PPS (as x264 writes them).
const std::vector<uint8_t> kSps{0x67, 0x64, 0x00, 0x1f, 0xac, 0xd9, 0x40, 0x50, 0x05, 0xbb, 0x01, 0x10};
const std::vector<uint8_t> kPps{0x68, 0xeb, 0xe3, 0xcb, 0x22, 0xc0};

std::vector<uint8_t> annexb(std::initializer_list<std::vector<uint8_t>> nals, bool four_byte = true) {
  std::vector<uint8_t> out;
  for (const auto& n : nals) {
    if (four_byte) out.push_back(0);
    out.insert(out.end(), {0, 0, 1});
    out.insert(out.end(), n.begin(), n.end());
  }
  return out;
}

TEST(H264, SplitsAnnexBWithBothStartCodeLengths) {
  const std::vector<uint8_t> idr{0x65, 0x88, 0x00, 0x10};
  auto data = annexb({kSps, kPps});
  auto more = annexb({idr}, false);
  data.insert(data.end(), more.begin(), more.end());
  ASSERT_TRUE(is_annexb(data));
  auto nals = split_annexb(data);
  ASSERT_EQ(nals.size(), 3u);
  EXPECT_EQ(nal_type(nals[0]), kNalSps);
  EXPECT_EQ(nal_type(nals[1]), kNalPps);
  EXPECT_EQ(std::vector<uint8_t>(nals[2].begin(), nals[2].end()), idr);
}

TEST(H264, LengthPrefixedRoundTripDropsParameterSets) {
  const std::vector<uint8_t> idr{0x65, 0x88, 0x84, 0x21};
  auto data = annexb({kSps, kPps, idr});
  std::vector<uint8_t> out;
  const uint8_t drop[] = {kNalSps, kNalPps};
  append_length_prefixed(split_annexb(data), out, drop);
  EXPECT_EQ(out, (std::vector<uint8_t>{0, 0, 0, 4, 0x65, 0x88, 0x84, 0x21}));
  auto back = split_length_prefixed(out, 4);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 1u);
}

TEST(H264, LengthPrefixedRejectsOverruns) {
  const std::vector<uint8_t> bad{0, 0, 0, 9, 0x65, 0x88};
  EXPECT_FALSE(split_length_prefixed(bad, 4).ok());
  const std::vector<uint8_t> short_len{0, 0};
  EXPECT_FALSE(split_length_prefixed(short_len, 4).ok());
  EXPECT_FALSE(split_length_prefixed(short_len, 7).ok());
}

TEST(H264, AvccBuildsAndParsesBack) {
  AvcConfig config{{kSps}, {kPps}, 4};
  auto avcc = build_avcc(config);
  ASSERT_TRUE(avcc.ok()) << avcc.error();
  EXPECT_EQ((*avcc)[0], 1);
  EXPECT_EQ((*avcc)[1], 0x64);  // profile
  EXPECT_EQ((*avcc)[3], 0x1f);  // level
  EXPECT_EQ((*avcc)[4], 0xff);  // 4-byte lengths
  EXPECT_EQ(avcc->size(), 6 + 2 + kSps.size() + 1 + 2 + kPps.size() + 4);  // + High profile extension
  auto parsed = parse_avc_extradata(*avcc);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  EXPECT_EQ(*parsed, config);
  auto from_annexb = parse_avc_extradata(annexb({kSps, kPps}));
  ASSERT_TRUE(from_annexb.ok());
  EXPECT_EQ(*from_annexb, config);
}

TEST(H264, MalformedExtradataIsAnError) {
  EXPECT_FALSE(parse_avc_extradata({}).ok());
  const std::vector<uint8_t> wrong_version{2, 0x64, 0, 0x1f, 0xff, 0xe1, 0, 4};
  EXPECT_FALSE(parse_avc_extradata(wrong_version).ok());
  const std::vector<uint8_t> truncated{1, 0x64, 0, 0x1f, 0xff, 0xe1, 0, 40, 0x67};
  EXPECT_FALSE(parse_avc_extradata(truncated).ok());
  const std::vector<uint8_t> no_pps{1, 0x64, 0, 0x1f, 0xff, 0xe1, 0, 1, 0x67, 0};
  EXPECT_FALSE(parse_avc_extradata(no_pps).ok());
  EXPECT_FALSE(avc_config_from_annexb(annexb({kPps})).ok());
  EXPECT_FALSE(build_avcc(AvcConfig{}).ok());
}

TEST(H264, CodecsStringsComeFromTheStream) {
  auto codecs = avc_codecs_string(AvcConfig{{kSps}, {kPps}, 4});
  ASSERT_TRUE(codecs.ok());
  EXPECT_EQ(*codecs, "avc1.64001f");
  const std::vector<uint8_t> baseline{0x67, 0x42, 0xc0, 0x0d};
  EXPECT_EQ(*avc_codecs_string(AvcConfig{{baseline}, {kPps}, 4}), "avc1.42c00d");
  EXPECT_FALSE(avc_codecs_string(AvcConfig{}).ok());

  const std::vector<uint8_t> aac_lc_48k_stereo{0x11, 0x90};
  EXPECT_EQ(*aac_codecs_string(aac_lc_48k_stereo), "mp4a.40.2");
  const std::vector<uint8_t> he_aac{0x2b, 0x92};  // object type 5
  EXPECT_EQ(*aac_codecs_string(he_aac), "mp4a.40.5");
  const std::vector<uint8_t> one_byte{0x11};
  EXPECT_FALSE(aac_codecs_string(one_byte).ok());
}

}  // namespace
}  // namespace packager
