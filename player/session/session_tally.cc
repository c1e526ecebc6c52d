#include "player/session/session_tally.h"

#include <cmath>

namespace player {

void SessionTally::add(const SegmentRecord& rec) {
  if (rec.skipped) ++skipped_segments;
  if (rec.stream != "video") {
    if (!rec.skipped) ++audio_segments;
    return;
  }
  if (rec.skipped) return;
  ++video_segments;
  rung_media_s[rec.rung] += rec.media_duration_s;
  weighted_bits += rec.bitrate_bps * rec.media_duration_s;
  media_s += rec.media_duration_s;
  if (last_bitrate_bps_ && *last_bitrate_bps_ != rec.bitrate_bps) {
    ++switches;
    switch_magnitude_mbps += std::fabs(rec.bitrate_bps - *last_bitrate_bps_) / 1e6;
  }
  last_bitrate_bps_ = rec.bitrate_bps;
  chunk_bitrates_bps.push_back(rec.bitrate_bps);
  chunk_rebuffer_s.push_back(rec.rebuffer_s);
}

void SessionTally::add_event(std::string_view name) {
  if (name == "retry") ++retries;
  else if (name == "failover") ++failovers;
  else if (name == "abandon") ++abandoned;
}

}  // namespace player
