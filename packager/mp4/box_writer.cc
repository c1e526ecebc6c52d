#include "packager/mp4/box_writer.h"

#include <cassert>

namespace packager::mp4 {

void BoxWriter::fourcc(std::string_view s) {
  assert(s.size() == 4);
  for (char c : s) out_.push_back(uint8_t(c));
}

size_t BoxWriter::begin(std::string_view type) {
  size_t start = out_.size();
  u32(0);
  fourcc(type);
  return start;
}

size_t BoxWriter::begin_full(std::string_view type, uint8_t version, uint32_t flags) {
  size_t start = begin(type);
  u8(version);
  u24(flags);
  return start;
}

void BoxWriter::end(size_t start) { patch_u32(start, static_cast<uint32_t>(out_.size() - start)); }

void BoxWriter::patch_u32(size_t offset, uint32_t v) {
  out_[offset] = uint8_t(v >> 24);
  out_[offset + 1] = uint8_t(v >> 16);
  out_[offset + 2] = uint8_t(v >> 8);
  out_[offset + 3] = uint8_t(v);
}

}  // namespace packager::mp4
