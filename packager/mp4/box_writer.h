// Big-endian writer for ISO-BMFF boxes into a byte vector; nested boxes get
// their size patched when they close. Not thread-safe; one per box tree.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace packager::mp4 {

class BoxWriter {
 public:
  explicit BoxWriter(std::vector<uint8_t>& out) : out_(out) {}

  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { put(v, 2); }
  void u24(uint32_t v) { put(v, 3); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void zeros(size_t n) { out_.insert(out_.end(), n, 0); }
  void bytes(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void fourcc(std::string_view s);  // exactly 4 characters

  // Opens a box (size patched by end()); returns its start offset.
  size_t begin(std::string_view type);
  size_t begin_full(std::string_view type, uint8_t version, uint32_t flags);
  void end(size_t start);

  size_t size() const { return out_.size(); }
  // Patches a 32-bit value written earlier (e.g. trun data_offset).
  void patch_u32(size_t offset, uint32_t v);

 private:
  void put(uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) out_.push_back(uint8_t(v >> (8 * i)));
  }
  std::vector<uint8_t>& out_;
};

}  // namespace packager::mp4
