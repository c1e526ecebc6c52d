// What a simulator needs to know about a video: the ladder and the size (and,
// when known, the quality) of every segment at every rung. Loaded from the
// Pensieve size files, a Sabre movie JSON or a packaged presentation
// (video_source.h). Plain value; immutable once loaded, shared read-only by
// the bench's worker threads.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "player/abr/types.h"

namespace sim {

struct VideoModel {
  std::string name;                       // for reports (file or directory name)
  double segment_duration_s = 4;          // nominal, the same for every segment
  std::vector<double> bitrates_bps;       // nominal ladder, ascending
  std::vector<abr::Resolution> resolutions;  // one per rung, or empty when unknown
  // Row-major [segment][rung], bytes. May hold more rows than a session plays
  // (Pensieve's 49th, partial chunk is never played but MPC's lookahead reads it).
  std::vector<double> sizes_bytes;
  std::vector<double> quality_db;  // same shape as sizes_bytes, or empty (no PSNR)
  size_t segment_count = 0;        // segments a session plays (≤ rows())

  size_t rungs() const { return bitrates_bps.size(); }
  size_t rows() const { return rungs() == 0 ? 0 : sizes_bytes.size() / rungs(); }
  double size_bytes(size_t segment, size_t rung) const { return sizes_bytes[segment * rungs() + rung]; }
  bool has_quality() const { return !quality_db.empty(); }

  // The lookahead the ABR context sees from `segment` on (all known rows).
  abr::RungTable upcoming_sizes(size_t segment) const;
  abr::RungTable upcoming_quality(size_t segment) const;
};

std::ostream& operator<<(std::ostream& os, const VideoModel& v);

}  // namespace sim
