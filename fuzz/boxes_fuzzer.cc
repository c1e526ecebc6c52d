// Any bytes given to the ISO-BMFF readers (boxes, sidx, init and media
// segments) yield a value or an Error, never an out-of-bounds read.
#include <cstddef>
#include <cstdint>

#include "media/isobmff/boxes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  media::Bytes bytes(data, size);
  auto boxes = media::read_boxes(bytes, 0, size % 2 == 0);
  if (boxes.ok()) {
    for (const auto& b : *boxes) {
      if (b.type == media::fourcc("sidx")) {
        auto sidx = media::parse_sidx(b);
        if (sidx.ok()) (void)media::sidx_segments(*sidx, b.end());
      }
      if (b.type == media::fourcc("prft")) (void)media::parse_prft(b);
      (void)media::find_child(b, media::fourcc("trak"));
    }
  }
  auto init = media::parse_init_segment(bytes);
  (void)media::parse_media_segment(bytes, init.ok() ? init->defaults : std::nullopt);
  return 0;
}
