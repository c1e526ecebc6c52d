#include "packager/cenc/subsamples.h"

#include "packager/mp4/box_writer.h"

namespace packager::cenc {
namespace {

constexpr uint32_t kLengthBytes = 4;
constexpr uint32_t kBlockBytes = 16;
constexpr uint32_t kMaxClear = 0xffff;  // clear_bytes is 16 bits

constexpr std::array<uint8_t, 16> kCommonSystemId = {0x10, 0x77, 0xef, 0xec, 0xc0, 0xb2, 0x4d, 0x02,
                                                     0xac, 0xe3, 0x3c, 0x1e, 0x52, 0xe2, 0xfb, 0x4b};

bool is_vcl(SampleLayout layout, uint8_t first_header_byte) {
  if (layout == SampleLayout::kH264) {
    const uint8_t type = first_header_byte & 0x1f;
    return type >= 1 && type <= 5;
  }
  return ((first_header_byte >> 1) & 0x3f) < 32;  // HEVC VCL NAL unit types 0-31
}

// Appends `clear` clear bytes then `protected_bytes`, splitting clear runs over 64 KiB.
void push(std::vector<mp4::Subsample>& out, uint64_t clear, uint32_t protected_bytes) {
  while (clear > kMaxClear) {
    out.push_back({static_cast<uint16_t>(kMaxClear), 0});
    clear -= kMaxClear;
  }
  out.push_back({static_cast<uint16_t>(clear), protected_bytes});
}

}  // namespace

media::Result<std::vector<mp4::Subsample>> plan_subsamples(SampleLayout layout, std::span<const uint8_t> sample,
                                                           Scheme scheme) {
  std::vector<mp4::Subsample> out;
  if (layout == SampleLayout::kWhole) return out;
  const uint32_t header_bytes = layout == SampleLayout::kH264 ? 1 : 2;
  uint64_t clear = 0;  // clear bytes not yet in an entry
  size_t pos = 0;
  while (pos < sample.size()) {
    if (sample.size() - pos < kLengthBytes)
      return media::make_error(media::ErrorCode::kParse, "encrypt: truncated NAL length");
    const uint32_t length = uint32_t(sample[pos]) << 24 | uint32_t(sample[pos + 1]) << 16 |
                            uint32_t(sample[pos + 2]) << 8 | sample[pos + 3];
    if (length > sample.size() - pos - kLengthBytes)
      return media::make_error(media::ErrorCode::kParse, "encrypt: a NAL unit runs past the sample");
    uint32_t protected_bytes = 0;
    if (length > header_bytes && is_vcl(layout, sample[pos + kLengthBytes])) {
      protected_bytes = length - header_bytes;
      if (scheme == Scheme::kCenc) protected_bytes -= protected_bytes % kBlockBytes;
    }
    clear += kLengthBytes + length - protected_bytes;
    if (protected_bytes > 0) {
      push(out, clear, protected_bytes);
      clear = 0;
    }
    pos += kLengthBytes + length;
  }
  if (clear > 0 || out.empty()) push(out, clear, 0);
  return out;
}

std::vector<uint8_t> common_pssh(const Key16& key_id) {
  std::vector<uint8_t> out;
  mp4::BoxWriter w(out);
  const size_t b = w.begin_full("pssh", 1, 0);
  w.bytes(kCommonSystemId);
  w.u32(1);  // KID_count
  w.bytes(key_id);
  w.u32(0);  // DataSize
  w.end(b);
  return out;
}

}  // namespace packager::cenc
