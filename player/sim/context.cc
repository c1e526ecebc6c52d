#include "player/sim/context.h"

namespace sim {

abr::AbrContext make_context(const VideoModel& video, const ContextState& s) {
  abr::AbrContext ctx;
  ctx.buffer_s = s.buffer_s;
  ctx.state = s.state;
  ctx.bitrates_bps = video.bitrates_bps;
  ctx.resolutions = video.resolutions;
  ctx.segment_duration_s = video.segment_duration_s;
  ctx.segment_index = s.segment;
  ctx.segments_remaining = video.segment_count > s.segment ? video.segment_count - s.segment : 0;
  ctx.upcoming_sizes_bytes = video.upcoming_sizes(s.segment);
  ctx.upcoming_quality_db = video.upcoming_quality(s.segment);
  ctx.last_rung = s.last_rung;
  ctx.buffer_cap_s = s.buffer_cap_s;
  ctx.waited_s = s.waited_s;
  return ctx;
}

}  // namespace sim
