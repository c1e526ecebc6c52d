// Common Encryption pieces: key options (errors never show a key), which
// bytes of a sample are protected, and the boxes: sinf/tenc and pssh in the
// init segment, senc/saiz/saio in fragments with saio pointing at senc.
#include <gtest/gtest.h>

#include <fstream>

#include "media/isobmff/boxes.h"
#include "packager/cenc/encryption_options.h"
#include "packager/cenc/subsamples.h"
#include "packager/mp4/fragment.h"
#include "packager/mp4/init_segment.h"
#include "support/process.h"

namespace packager::cenc {
namespace {

using mp4::Subsample;

constexpr const char* kSecret = "00112233445566778899aabbccddee";  // 30 digits: one byte short

std::vector<uint8_t> nal(uint8_t header, size_t payload, uint8_t second_header = 0x01, bool hevc = false) {
  const uint32_t length = static_cast<uint32_t>(payload + (hevc ? 2 : 1));
  std::vector<uint8_t> out{uint8_t(length >> 24), uint8_t(length >> 16), uint8_t(length >> 8), uint8_t(length), header};
  if (hevc) out.push_back(second_header);
  out.insert(out.end(), payload, 0xab);
  return out;
}

std::vector<uint8_t> concat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(EncryptionOptions, KeysAndSchemes) {
  auto k = parse_key16("--key", "00112233-4455-6677-8899-AABBCCDDEEFF");
  ASSERT_TRUE(k.ok()) << k.error();
  EXPECT_EQ(to_hex(*k), "00112233445566778899aabbccddeeff");
  EXPECT_EQ(to_uuid(*k), "00112233-4455-6677-8899-aabbccddeeff");
  auto short_key = parse_key16("--key", kSecret);
  ASSERT_FALSE(short_key.ok());
  EXPECT_EQ(short_key.error().message, "--key must be 32 hex digits (16 bytes), got 30");
  auto bad = parse_key16("--key", std::string(kSecret) + "zz");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.find(kSecret), std::string::npos) << "a key must never be echoed";
  EXPECT_TRUE(parse_scheme("cbcs").ok());
  EXPECT_FALSE(parse_scheme("cens").ok());
  EXPECT_EQ(to_base64(std::vector<uint8_t>{0xfb, 0xff, 0x01}), "+/8B");
  EXPECT_EQ(to_base64(std::vector<uint8_t>{0xfb, 0xff}, true), "-_8");
  EXPECT_EQ(to_base64(std::vector<uint8_t>{0x61}), "YQ==");
}

TEST(EncryptionOptions, KeyFiles) {
  testing_support::ScratchDir dir("cenc-keys");
  std::ofstream(dir / "pair.txt") << "# test key\n0123456789abcdef0123456789abcdef:00112233445566778899aabbccddeeff\n";
  std::ofstream(dir / "lines.txt") << "key_id=0123456789abcdef0123456789abcdef\nkey=00112233445566778899aabbccddeeff\n";
  std::ofstream(dir / "short.txt") << "0123456789abcdef0123456789abcdef:" << kSecret << "\n";
  for (const char* name : {"pair.txt", "lines.txt"}) {
    auto r = read_key_file((dir / name).string());
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(to_hex(r->second), "00112233445566778899aabbccddeeff");
  }
  auto s = read_key_file((dir / "short.txt").string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message.find(kSecret), std::string::npos) << s.error().message;
  EXPECT_FALSE(read_key_file((dir / "missing.txt").string()).ok());
}

TEST(Subsamples, CencProtectsWholeBlocksOfSliceData) {
  // SPS (clear), IDR slice with 40 bytes of data: 8 leading bytes stay clear, 32 encrypted.
  const auto sample = concat({nal(0x67, 10), nal(0x65, 40)});
  auto s = plan_subsamples(SampleLayout::kH264, sample, Scheme::kCenc);
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(*s, (std::vector<Subsample>{{4 + 11 + 4 + 1 + 8, 32}}));
}

TEST(Subsamples, CbcsLeavesPartialBlocksToThePattern) {
  const auto sample = concat({nal(0x41, 40), nal(0x06, 5), nal(0x41, 20)});  // slice, SEI, slice
  auto s = plan_subsamples(SampleLayout::kH264, sample, Scheme::kCbcs);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, (std::vector<Subsample>{{5, 40}, {4 + 6 + 5, 20}}));
}

TEST(Subsamples, HevcKeepsTwoHeaderBytesAndNonVclClear) {
  const auto sample = concat({nal(0x40, 20, 0x01, true), nal(0x26, 32, 0x01, true)});  // VPS, IDR_W_RADL
  auto s = plan_subsamples(SampleLayout::kHevc, sample, Scheme::kCenc);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, (std::vector<Subsample>{{4 + 22 + 4 + 2, 32}}));
}

TEST(Subsamples, ClearOnlyLongClearRunsAndErrors) {
  EXPECT_EQ(*plan_subsamples(SampleLayout::kH264, nal(0x41, 10), Scheme::kCenc),
            (std::vector<Subsample>{{15, 0}}));  // too small for a block
  const auto big = concat({nal(0x06, 70000), nal(0x41, 16)});
  EXPECT_EQ(*plan_subsamples(SampleLayout::kH264, big, Scheme::kCenc),
            (std::vector<Subsample>{{65535, 0}, {70005 + 5 - 65535, 16}}));
  EXPECT_TRUE(plan_subsamples(SampleLayout::kWhole, big, Scheme::kCenc)->empty());
  auto cut = nal(0x41, 10);
  cut.pop_back();
  EXPECT_FALSE(plan_subsamples(SampleLayout::kH264, cut, Scheme::kCenc).ok());
}

mp4::TrackProtection protection(bool cbcs) {
  mp4::TrackProtection p;
  p.scheme = cbcs ? "cbcs" : "cenc";
  p.key_id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  if (cbcs) {
    p.per_sample_iv_size = 0;
    p.constant_iv.assign(16, 0x42);
    p.crypt_byte_block = 1;
    p.skip_byte_block = 9;
  }
  p.pssh.push_back(common_pssh(p.key_id));
  return p;
}

media::Box child(const media::Box& b, const char* type) {
  auto c = media::find_child(b, media::fourcc(*reinterpret_cast<const char(*)[5]>(type)));
  EXPECT_TRUE(c.ok() && *c) << type;
  return c.ok() && *c ? **c : media::Box{};
}

TEST(CencBoxes, InitSegmentHasEncvSinfTencAndPssh) {
  for (bool cbcs : {false, true}) {
    mp4::TrackConfig t{1, 90000, mp4::VideoTrack{320, 180, 1, 1, {1, 2, 3}, "hvc1", "hvcC"}};
    t.protection = protection(cbcs);
    const auto init = mp4::build_init_segment(t);
    auto boxes = media::read_boxes(init);
    ASSERT_TRUE(boxes.ok());
    auto moov = media::find_box(*boxes, media::fourcc("moov"));
    ASSERT_TRUE(moov);
    const auto pssh = child(*moov, "pssh");
    EXPECT_EQ(std::vector<uint8_t>(pssh.payload.begin() + 4, pssh.payload.begin() + 20),
              (std::vector<uint8_t>{0x10, 0x77, 0xef, 0xec, 0xc0, 0xb2, 0x4d, 0x02, 0xac, 0xe3, 0x3c, 0x1e, 0x52, 0xe2,
                                    0xfb, 0x4b}));
    const auto stsd = child(child(child(child(child(*moov, "trak"), "mdia"), "minf"), "stbl"), "stsd");
    auto entries = media::read_boxes(stsd.payload.subspan(8), 0);
    ASSERT_TRUE(entries.ok() && entries->size() == 1);
    const auto& encv = entries->front();
    EXPECT_EQ(encv.type, media::fourcc("encv"));
    // The VisualSampleEntry's fixed fields (78 bytes) come before its boxes.
    auto inner = media::read_boxes(encv.payload.subspan(78), 0);
    ASSERT_TRUE(inner.ok());
    auto sinf = media::find_box(*inner, media::fourcc("sinf"));
    ASSERT_TRUE(sinf);
    const auto frma = child(*sinf, "frma");
    EXPECT_EQ(std::string(frma.payload.begin(), frma.payload.end()), "hvc1");
    const auto schm = child(*sinf, "schm");
    EXPECT_EQ(std::string(schm.payload.begin() + 4, schm.payload.begin() + 8), cbcs ? "cbcs" : "cenc");
    const auto tenc = child(child(*sinf, "schi"), "tenc");
    EXPECT_EQ(tenc.payload[0], cbcs ? 1 : 0);  // version 1 carries the pattern
    EXPECT_EQ(tenc.payload[5], cbcs ? 0x19 : 0x00);
    EXPECT_EQ(tenc.payload[6], 1);  // protected
    EXPECT_EQ(tenc.payload[7], cbcs ? 0 : 8);
    EXPECT_EQ(tenc.payload[8], 1);  // first byte of the KID
    EXPECT_EQ(tenc.size, cbcs ? 8u + 4 + 20 + 17 : 8u + 4 + 20);
  }
}

TEST(CencBoxes, SaioPointsAtTheSencEntries) {
  const std::vector<mp4::FragmentSample> samples{{100, 3000, 0, true}, {50, 3000, 0, false}};
  const std::vector<mp4::SampleEncryption> enc{{{1, 2, 3, 4, 5, 6, 7, 8}, {{5, 80}, {15, 0}}},
                                               {{1, 2, 3, 4, 5, 6, 7, 9}, {{50, 0}}}};
  const auto header = mp4::build_fragment_header(1, 1, 0, samples, true, &enc);
  auto boxes = media::read_boxes(header, 0, true);
  ASSERT_TRUE(boxes.ok());
  const auto traf = child(boxes->front(), "traf");
  const auto senc = child(traf, "senc");
  EXPECT_EQ(senc.payload[3], 0x02);  // flags: subsamples
  const auto saio = child(traf, "saio");
  const uint32_t offset = uint32_t(saio.payload[8]) << 24 | uint32_t(saio.payload[9]) << 16 |
                          uint32_t(saio.payload[10]) << 8 | saio.payload[11];
  EXPECT_EQ(offset, senc.offset + 16);  // header, version/flags, sample_count
  EXPECT_EQ(header[offset], 1);         // the first IV byte
  const auto saiz = child(traf, "saiz");
  EXPECT_EQ(saiz.payload[4], 0);  // sizes differ: 8 + 2 + 12 and 8 + 2 + 6
  EXPECT_EQ(saiz.payload[9], 22);
  EXPECT_EQ(saiz.payload[10], 16);
  // The mdat payload still starts where trun says.
  const auto trun = child(traf, "trun");
  const uint32_t data_offset = uint32_t(trun.payload[8]) << 24 | uint32_t(trun.payload[9]) << 16 |
                               uint32_t(trun.payload[10]) << 8 | trun.payload[11];
  EXPECT_EQ(data_offset, header.size());
}

}  // namespace
}  // namespace packager::cenc
