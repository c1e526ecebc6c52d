// MSB-first bit reading for codec headers (HEVC SPS, AV1 sequence header),
// with Exp-Golomb codes and the removal of H.264/HEVC emulation-prevention
// bytes. Reading past the end yields zeros and sets overrun(), so parsers
// check once at the end instead of after every field. Pure code.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace packager {

class BitReader {
 public:
  explicit BitReader(std::span<const uint8_t> data) : data_(data) {}

  uint32_t u(int bits);          // up to 32 bits
  uint64_t u64(int bits);        // up to 64 bits
  bool flag() { return u(1) != 0; }
  uint32_t ue();                 // Exp-Golomb ue(v), up to 31 leading zeros
  void skip(int bits) { position_ += static_cast<size_t>(bits); }
  bool overrun() const { return position_ > data_.size() * 8; }
  size_t position() const { return position_; }

 private:
  std::span<const uint8_t> data_;
  size_t position_ = 0;  // in bits
};

// NAL unit payload → RBSP: every 00 00 03 loses its 03.
std::vector<uint8_t> remove_emulation_prevention(std::span<const uint8_t> nal);

}  // namespace packager
