// The live session (dash-abr-bench --live): the request model's network and
// player, following a live edge that moves with the session's clock.
//
// - The player joins at session time 0, when the live edge stands at the
//   target latency L: it starts at segment 0, the live edge minus L.
// - Segment n of duration D, in chunks of C (C = D: whole segments), has
//   chunk k produced at session time n·D + (k+1)·C − L. The request for
//   segment n goes out when its first chunk exists (the link idles until
//   then: that wait is the context's waited_s); its bytes follow chunk by
//   chunk, each no earlier than it is produced (chunked transfer). A chunk's
//   media is playable once its last byte is in.
// - So the buffer never exceeds latency − C: the context says live, the
//   target latency, the current latency and playback rate, and sets
//   buffer_cap_s to max(L, latency) so that buffer-based rules can scale to it.
//   While catching up at rate r the context is scaled as the player scales
//   it (bitrates × r; buffer, cap and segment duration / r).
// - Latency = live edge − position playing = (t + L) − position. Playing at
//   1x keeps it constant; every stall adds to it. Catch-up (as dash.js's
//   default mode, without seeking): when latency exceeds L by more than
//   catch_up_threshold_s, play at catch_up_rate until latency is back at L,
//   only while at least catch_up_min_buffer_s is buffered. Far behind
//   (latency above L + jump_threshold_s, checked before each request) the
//   player jumps instead, as dash-player's LiveEdge does: it drops its
//   buffer and goes on at the chunk boundary at or before the live edge − L,
//   skipping the segments in between (catching up 10 s at 1.05x would take
//   200 s).
// - Throughput seen by the algorithm: download_s sums the chunk bursts and
//   leaves out the waits for chunks being produced (a chunked response
//   otherwise looks as slow as the encoder); ttfb_s is the request latency.
// - No abandonment (a chunked live download has nothing cheaper to restart).
// Playback starts with the first chunk. Latency is sampled every
// sample_interval_s of session time from then on (SessionResult::latency_s).
// Deterministic, virtual time only.
#pragma once

#include <span>

#include "media/error.h"
#include "media/net_trace.h"
#include "player/abr/algorithm.h"
#include "player/sim/session.h"
#include "player/sim/session_result.h"
#include "player/sim/video_model.h"

namespace sim {

struct LiveModelOptions {
  double target_latency_s = 3;        // --target-latency: where the player starts and what it holds
  double chunk_duration_s = 0;        // --chunk-duration: CMAF chunk length (0: whole segments); must divide D
  double catch_up_rate = 1.05;        // playback rate while catching up (issue 14: 0.95x-1.05x)
  double catch_up_threshold_s = 0.1;  // latency above target by more than this: catch up (the player's LiveEdge)
  double catch_up_min_buffer_s = 0.5; // dash.js playbackBufferMin: never speed up on less buffer
  // Behind L by more than this: jump to the edge (0: dash-player's default, max(3 s, 2 segments)).
  double jump_threshold_s = 0;
  double sample_interval_s = 0.1;     // latency sampling period (session time)
};

// Session time at which chunk `k` of segment `n` has been produced.
double live_chunk_available_s(size_t n, size_t k, double segment_s, double chunk_s, double target_latency_s);

// The request model's network (`request`: latency scale, time limit) and
// player with a moving live edge. `out` is cleared first.
media::Status run_live_session(const VideoModel& video, std::span<const media::TracePeriod> periods,
                               abr::AbrAlgorithm& algorithm, const RequestModelOptions& request,
                               const LiveModelOptions& live, SessionResult& out);

}  // namespace sim
