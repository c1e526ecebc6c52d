// A request-level player model in the style of Sabre (Spiteri et al.,
// MMSys 2018) and the BOLA studies:
// - each request first pays the trace's latency (which consumes trace time),
//   then its bytes flow at the trace's rate;
// - the buffer is drained in real time while downloads run; a stall starts
//   when it is empty (after the first segment; before it, start-up delay);
// - the buffer is capped (default 25 s): the player waits for room before a
//   request; waits asked for by the algorithm (BOLA's target) are honoured;
// - every `check_interval_s` of transfer the algorithm may abandon the
//   download and restart the segment at a lower rung.
#pragma once

#include "media/error.h"
#include "media/net_trace.h"
#include "player/abr/algorithm.h"
#include "player/sim/session_log.h"
#include "player/sim/video.h"

namespace sim {

struct RequestModelOptions {
  double buffer_cap_s = 25;        // Sabre's default maximum buffer
  bool abandonment = true;         // let the algorithm abandon downloads
  double check_interval_s = 0.05;  // how often a running download is judged (Sabre: 50 ms)
};

media::Result<SessionLog> run_request_session(const media::NetworkTrace& trace, const VideoModel& video,
                                              abr::AbrAlgorithm& algorithm, const RequestModelOptions& options = {});

}  // namespace sim
