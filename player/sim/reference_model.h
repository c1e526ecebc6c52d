// The reference network and player model of Pensieve's simulator
// (abr-reference/REFERENCE-MODEL.md, test/fixed_env.py), exactly:
// - the trace's samples (t_k s, bw_k Mbit/s) are walked from p = 1,
//   last_t = t_0; sample p delivers bw_p·10^6/8 · 0.95 bytes/s (payload share)
//   for (t_p − last_t) s; the last sample is used only for the fraction
//   needed; past the end p = 1, last_t = 0 (wrap-around);
// - delay = download time + 80 ms round trip, which does not advance the trace;
// - buffer (ms): rebuffer = max(delay − buffer, 0); buffer = max(buffer −
//   delay, 0) + segment; above 60 s the player sleeps ceil(excess/500 ms)·500 ms,
//   which drains the buffer and advances the trace;
// - chunk 0 is fetched at rung 1 without asking the algorithm.
// Arithmetic follows the reference's operation order (milliseconds, the same
// divisions), so results agree to the last printed digit. Waits requested by
// an algorithm are ignored: this model has its own buffer cap.
#pragma once

#include <vector>

#include "media/error.h"
#include "media/net_trace.h"
#include "player/abr/algorithm.h"
#include "player/sim/session_log.h"
#include "player/sim/video.h"

namespace sim {

struct ReferenceModelOptions {
  double payload_share = 0.95;  // packet payload over link rate
  double round_trip_ms = 80;    // added to every chunk's delay
  double buffer_cap_ms = 60000; // the player sleeps above this
  double sleep_step_ms = 500;   // sleeps come in these steps
  size_t first_rung = 1;        // chunk 0's rung (clamped to the ladder)
};

// A trace as the reference walks it. Pensieve traces keep their raw
// samples; other formats become samples at their period boundaries.
struct ReferenceTrace {
  std::string name;
  std::vector<double> time_s;
  std::vector<double> rate_mbps;
};
media::Result<ReferenceTrace> make_reference_trace(const media::NetworkTrace& trace);

media::Result<SessionLog> run_reference_session(const ReferenceTrace& trace, const VideoModel& video,
                                                abr::AbrAlgorithm& algorithm, const ReferenceModelOptions& options = {});

}  // namespace sim
