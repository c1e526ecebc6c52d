#include "player/sim/video_model.h"

namespace sim {
namespace {

abr::RungTable rows_from(const std::vector<double>& table, size_t rungs, size_t segment) {
  abr::RungTable t;
  t.rungs = rungs;
  const size_t first = segment * rungs;
  if (rungs == 0 || first >= table.size()) return t;
  t.values = std::span<const double>(table.data() + first, table.size() - first);
  return t;
}

}  // namespace

abr::RungTable VideoModel::upcoming_sizes(size_t segment) const { return rows_from(sizes_bytes, rungs(), segment); }

abr::RungTable VideoModel::upcoming_quality(size_t segment) const {
  return rows_from(quality_db, rungs(), segment);
}

std::ostream& operator<<(std::ostream& os, const VideoModel& v) {
  os << v.name << ": " << v.segment_count << " segments of " << v.segment_duration_s << " s, ladder";
  for (double b : v.bitrates_bps) os << ' ' << b / 1000;
  os << " kbit/s";
  if (v.has_quality()) os << ", with PSNR";
  return os;
}

}  // namespace sim
