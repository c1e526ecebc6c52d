#include "packager/segments_metadata.h"

#include "packager/manifest_builder.h"

namespace packager {

media::PresentationMetadata build_segments_metadata(const PresentationDescription& p) {
  media::PresentationMetadata meta;
  for (const auto& r : p.representations) {
    if (r.segments.empty()) continue;  // a sidecar text file
    media::RepresentationMetadata m;
    m.id = r.id;
    m.content_type = r.kind == ContentKind::kVideo ? "video" : r.kind == ContentKind::kAudio ? "audio" : "text";
    m.bandwidth_bps = peak_bandwidth_bps(r.segments, r.timescale, p.segment_duration_s);
    if (r.kind == ContentKind::kVideo) {
      m.width = r.width;
      m.height = r.height;
    }
    for (const auto& s : r.segments) {
      media::SegmentMetadata seg;
      seg.number = s.index;
      seg.start_s = double(s.start_ticks) / r.timescale;
      seg.duration_s = double(s.duration_ticks) / r.timescale;
      seg.size_bytes = s.size_bytes;
      seg.psnr_db = s.psnr_db;
      seg.psnr_display_db = s.psnr_display_db;
      seg.ssim_display = s.ssim_display;
      m.segments.push_back(seg);
    }
    meta.representations.push_back(std::move(m));
  }
  return meta;
}

}  // namespace packager
