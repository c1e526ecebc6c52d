// What one simulated session produced, chunk by chunk: enough for the
// metrics (metrics.h), the time-series plots and a per-decision log.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "player/abr/types.h"

namespace sim {

struct ChunkRecord {
  uint32_t rung = 0;         // the rung that was delivered
  uint32_t abandoned = 0;    // attempts abandoned before it (request model)
  double size_bytes = 0;     // of the delivered segment
  double request_s = 0;      // session time of its (first) request
  double delay_s = 0;        // first request → last byte, all attempts and round trips
  double transfer_s = 0;     // first → last byte of the attempt that delivered it (0: unknown)
  double rebuffer_s = 0;     // stall while it was being fetched (0 for chunk 0: start-up)
  double wait_s = 0;         // idle before the request (full buffer, ABR wait)
  double buffer_s = 0;       // buffer once it was added (and after any sleep)
  double estimate_bps = 0;   // the algorithm's throughput prediction when it chose this chunk (0: none)
  abr::Reason reason;        // why the algorithm chose it (chunk 0: the session's default)
  uint32_t segment = 0;      // live sessions: the segment's index (jumps skip some); otherwise unset
};

struct SessionResult {
  std::vector<ChunkRecord> chunks;
  double wasted_bytes = 0;   // bytes of abandoned attempts
  // Live sessions (live_session.h); empty / 0 otherwise.
  double target_latency_s = 0;    // 0: not a live session
  std::vector<float> latency_s;   // live edge − position, sampled every interval from start-up on
  double latency_interval_s = 0;  // the sampling interval
  double faster_s = 0;            // session time played above 1x (catching up)
  double startup_s = 0;           // live: first request → first chunk playable (chunk 0's delay_s is its last byte)
  size_t jumps = 0;               // jumps to the live edge
  size_t skipped_segments = 0;    // segments jumped over
  void clear() {
    chunks.clear();
    wasted_bytes = 0;
    target_latency_s = 0;
    latency_s.clear();
    latency_interval_s = 0;
    faster_s = 0;
    startup_s = 0;
    jumps = 0;
    skipped_segments = 0;
  }
};

}  // namespace sim
