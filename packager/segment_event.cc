#include "packager/segment_event.h"

namespace packager {

std::ostream& operator<<(std::ostream& os, const SegmentWritten& s) {
  os << "SegmentWritten{" << s.rep_id << " #" << s.index << " start " << s.start_ticks << " +" << s.duration_ticks
     << " " << s.size_bytes << " B " << s.path << "@" << s.offset_bytes;
  if (s.psnr_db) os << " psnr " << *s.psnr_db;
  return os << "}";
}

}  // namespace packager
