#include "packager/segment_event.h"

namespace packager {

std::ostream& operator<<(std::ostream& os, const SegmentWritten& s) {
  os << "SegmentWritten{" << s.rep_id << " #" << s.index << " start " << s.start_ticks << " +" << s.duration_ticks
     << " " << s.size_bytes << " B " << s.path << "@" << s.offset_bytes;
  if (s.psnr_db) os << " psnr " << *s.psnr_db;
  if (s.psnr_display_db) os << " display psnr " << *s.psnr_display_db;
  if (s.ssim_display) os << " display ssim " << *s.ssim_display;
  return os << "}";
}

}  // namespace packager

namespace packager {

void SegmentCollector::on_segment(const SegmentWritten& s) {
  std::scoped_lock lock(mutex_);
  segments_[s.rep_id].push_back(s);
}

std::vector<SegmentWritten> SegmentCollector::take(const std::string& rep_id) {
  std::scoped_lock lock(mutex_);
  auto it = segments_.find(rep_id);
  if (it == segments_.end()) return {};
  auto out = std::move(it->second);
  segments_.erase(it);
  return out;
}

}  // namespace packager
