// One downloaded (or skipped) segment as the session logs it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "player/abr/types.h"

namespace player {

struct SegmentRecord {
  double wall_s = 0;  // seconds since the session started
  std::string stream;  // "video" / "audio" / "text"
  size_t period = 0;   // index of the Period
  size_t index = 0;    // of the segment in its Period
  size_t rung = 0;
  std::string representation;
  double bitrate_bps = 0;  // the representation's @bandwidth
  uint64_t size_bytes = 0;
  double ttfb_ms = 0;
  double download_ms = 0;  // request → last byte
  double throughput_bps = 0;
  double buffer_before_s = 0;
  double buffer_after_s = 0;
  double estimate_bps = 0;
  double media_start_s = 0;
  double media_duration_s = 0;
  double rebuffer_s = 0;  // stall time since the stream's previous segment was added
  double request_s = 0;   // session time of the segment's first request
  double wait_s = 0;      // idle before that request (a full buffer, the algorithm's wait)
  size_t abandoned = 0;   // attempts abandoned before the one that delivered
  double abandoned_bytes = 0;  // received by those attempts, then thrown away
  bool skipped = false;   // missing after every retry
  size_t chunks = 0;      // CMAF chunks played while the segment still arrived (0: appended whole)
  std::string pathway;    // serviceLocation of the BaseURL that delivered it (content steering), or ""
  abr::Reason abr_reason;
};

}  // namespace player
