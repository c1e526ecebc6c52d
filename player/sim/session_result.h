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
};

struct SessionResult {
  std::vector<ChunkRecord> chunks;
  double wasted_bytes = 0;   // bytes of abandoned attempts
  void clear() {
    chunks.clear();
    wasted_bytes = 0;
  }
};

}  // namespace sim
