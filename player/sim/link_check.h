// The delivered-rate check of an emulated session: did the session's bytes
// arrive as fast as the trace that dash-origin --trace was shaping its link
// with allows, no faster and no slower? The link starts at the session's
// first request (as the origin's does) and wraps at the trace's end. While at
// least one transfer is under way (from its request plus the trace's latency
// to its last byte) the link should be busy, so the bytes delivered then are
// compared with what the trace carries over the same time.
// Pure: no state.
#pragma once

#include <vector>

#include "media/net_trace.h"

namespace sim {

struct Transfer {
  double start_s = 0;  // session time the request was sent (0 = the session's first request)
  double end_s = 0;    // session time its last byte arrived
  double bytes = 0;    // body bytes received
};

struct LinkCheck {
  double bytes = 0;        // delivered by the transfers
  double busy_s = 0;       // time with at least one transfer under way
  double trace_bytes = 0;  // what the trace carries over that time
  double ratio() const { return trace_bytes > 0 ? bytes / trace_bytes : 0; }
  double delivered_bps() const { return busy_s > 0 ? bytes * 8 / busy_s : 0; }
  double trace_bps() const { return busy_s > 0 ? trace_bytes * 8 / busy_s : 0; }
};

LinkCheck check_link(std::vector<Transfer> transfers, const media::NetworkTrace& trace);

// The share of the trace's rate a faithful emulation delivers within; outside
// it the session's result says more about the emulation than the player.
inline constexpr double kMinLinkRatio = 0.9;
inline constexpr double kMaxLinkRatio = 1.1;

}  // namespace sim
