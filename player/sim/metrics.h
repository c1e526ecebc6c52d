// Per-session metrics and their aggregation over sessions. QoE comes from
// player/abr/qoe.h (the one definition); everything else is "chunks 1..N−1"
// as in REFERENCE-MODEL.md except where a name says otherwise.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "player/sim/session_log.h"
#include "player/sim/video.h"

namespace sim {

struct SessionMetrics {
  double qoe_lin = 0;         // mean per chunk, chunks 1..N−1
  double qoe_log = 0;
  double qoe_hd = 0;
  double bitrate_mbps = 0;    // mean nominal bitrate, chunks 1..N−1
  double rebuffer_s = 0;      // total stall, chunks 1..N−1
  double rebuffer_count = 0;  // chunks 1..N−1 during which playback stalled
  double rebuffer_ratio = 0;  // rebuffer_s / (rebuffer_s + media time of chunks 1..N−1)
  double startup_s = 0;       // chunk 0's delay
  double switches = 0;        // rung changes over all N chunks
  double switch_mbps = 0;     // Σ |ΔR| over all N chunks (Mbit/s)
  double psnr_db = 0;         // mean PSNR, chunks 1..N−1 (0 when unknown)
  double abandonments = 0;
  double qoe_lin_sum = 0;     // Σ over chunks 1..N−1 (the targets' first QoE column)
};

SessionMetrics session_metrics(const SessionLog& log, const VideoModel& video);

// Field-wise mean (the summary row of an algorithm).
SessionMetrics mean_metrics(std::span<const SessionMetrics> sessions);

}  // namespace sim
