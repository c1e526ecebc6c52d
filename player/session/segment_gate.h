// What a loader asks before each segment of a live presentation: may it be
// fetched yet, and will more segments come after the last one it knows. VOD
// has no gate (every listed segment exists; the last one is the end).
#pragma once

#include <cstddef>

#include "media/mpd/segments.h"
#include "player/session/playback_state.h"

namespace player {

class SegmentGate {
 public:
  virtual ~SegmentGate() = default;
  // Session seconds until `segment` (of a `kind` stream, in any Period) is available (0: now).
  virtual double wait_s(StreamKind kind, const media::SegmentRef& segment) = 0;
  // The loader has passed the last known segment of the last Period. True:
  // more will come, in that Period or a next one (the gate learns of them by
  // a refresh and wakes the loaders); false: the end.
  virtual bool more_coming(StreamKind kind) = 0;
  // True: segments of `kind` are fetched while they are produced, and their
  // CMAF chunks go to the buffer as they arrive (low-latency live).
  virtual bool chunk_appends(StreamKind /*kind*/) const { return false; }
  // A request of `kind` was answered 404 (it will be retried): the MPD may
  // have changed, or the clock drifted.
  virtual void not_found(StreamKind /*kind*/) {}
  // For ABR: the latency the session holds, and the latency now (NaN before playback).
  virtual double target_latency_s() const = 0;
  virtual double latency_s() const = 0;
  // A media segment's prft: presentation time `presentation_s` was captured
  // at `capture_unix_s` (wall clock), for the latency the viewer sees.
  virtual void producer_time(double /*presentation_s*/, double /*capture_unix_s*/) {}
};

}  // namespace player
