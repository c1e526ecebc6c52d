#include "packager/bit_reader.h"

namespace packager {

uint32_t BitReader::u(int bits) { return static_cast<uint32_t>(u64(bits)); }

uint64_t BitReader::u64(int bits) {
  uint64_t v = 0;
  for (int i = 0; i < bits; ++i) {
    const size_t byte = position_ / 8;
    const int bit = byte < data_.size() ? (data_[byte] >> (7 - position_ % 8)) & 1 : 0;
    v = (v << 1) | uint64_t(bit);
    ++position_;
  }
  return v;
}

uint32_t BitReader::ue() {
  int zeros = 0;
  while (!flag()) {
    if (++zeros > 31 || overrun()) return 0;
  }
  return static_cast<uint32_t>((uint64_t(1) << zeros) - 1 + u64(zeros));
}

std::vector<uint8_t> remove_emulation_prevention(std::span<const uint8_t> nal) {
  std::vector<uint8_t> out;
  out.reserve(nal.size());
  int zeros = 0;
  for (uint8_t b : nal) {
    if (zeros >= 2 && b == 3) {
      zeros = 0;
      continue;
    }
    zeros = b == 0 ? zeros + 1 : 0;
    out.push_back(b);
  }
  return out;
}

}  // namespace packager
