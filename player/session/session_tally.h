// What the end-of-session summary needs of every segment record and event,
// added up as they are logged: counts, media time per rung, switches, and
// each video segment's bitrate and stall (QoE is per chunk), 16 bytes a
// segment instead of the whole record.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "player/session/segment_record.h"

namespace player {

class SessionTally {
 public:
  void add(const SegmentRecord& record);
  // Counts the events the summary reports (retry, failover, abandon).
  void add_event(std::string_view name);

  size_t video_segments = 0;
  size_t audio_segments = 0;  // delivered, not skipped
  size_t skipped_segments = 0;
  std::map<size_t, double> rung_media_s;  // video media seconds fetched at each rung
  double weighted_bits = 0;               // Σ bitrate × media seconds (video)
  double media_s = 0;                     // Σ media seconds (video)
  int switches = 0;
  double switch_magnitude_mbps = 0;       // Σ |Δbitrate|
  std::vector<double> chunk_bitrates_bps;  // per video segment, in order
  std::vector<double> chunk_rebuffer_s;
  size_t retries = 0;
  size_t failovers = 0;
  size_t abandoned = 0;

 private:
  std::optional<double> last_bitrate_bps_;
};

}  // namespace player
