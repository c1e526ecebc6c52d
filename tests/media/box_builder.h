// Builds ISO-BMFF bytes for tests: big-endian fields and nested boxes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace media::test {

class BoxWriter {
 public:
  BoxWriter& u8(uint8_t v) {
    bytes_.push_back(v);
    return *this;
  }
  BoxWriter& u16(uint16_t v) { return be(v, 2); }
  BoxWriter& u32(uint32_t v) { return be(v, 4); }
  BoxWriter& u64(uint64_t v) { return be(v, 8); }
  BoxWriter& raw(const std::vector<uint8_t>& v) {
    bytes_.insert(bytes_.end(), v.begin(), v.end());
    return *this;
  }
  // Appends a box of `type` whose payload is `payload`.
  BoxWriter& box(const std::string& type, const std::vector<uint8_t>& payload) {
    u32(static_cast<uint32_t>(8 + payload.size()));
    for (char c : type) bytes_.push_back(static_cast<uint8_t>(c));
    return raw(payload);
  }
  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  BoxWriter& be(uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
  std::vector<uint8_t> bytes_;
};

}  // namespace media::test
