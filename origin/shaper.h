// Traffic shaping for ABR experiments: every session (a connection, or a
// client-chosen id) gets its own emulated link that follows the pacer from the
// moment the session starts. Concurrent requests of one session share the
// link: each chunk reserves transmission time after the previous one.
// Time is read from the injected clock (tests use media::ManualClock), which
// must outlive the shaper. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "media/clock.h"
#include "origin/trace_pacer.h"

namespace origin {

class Shaper {
 public:
  // `extra_latency_ms` is added to every request (on top of the trace's own).
  Shaper(TracePacer pacer, double extra_latency_ms, const media::Clock& clock);

  struct Link {
    double start_s = 0;      // clock time the session started
    double busy_until_s = 0; // clock time the link finishes what is reserved
    double last_used_s = 0;
  };

  // The link of session `key`, created on first use.
  std::shared_ptr<Link> link_for(const std::string& key);

  // Reserves `bytes` on the link; returns the clock time by which they are
  // delivered (the caller sleeps until then before writing them).
  // `continuing`: the next chunk of a response already being sent.
  double reserve(Link& link, double bytes, bool continuing = false);

  // Delay before a request's first byte (trace latency + extra).
  double request_latency_ms(const Link& link) const;

  // How many bytes to write at a time on this link now: about kChunkTimeS of
  // the current rate. A writer sleeps until a chunk's reservation ends before
  // writing it, so its first byte reaches the client one chunk time late;
  // small chunks keep that (and the interleaving of a session's concurrent
  // responses) close to a fluid link, as the simulator's VirtualNetwork is.
  size_t chunk_bytes(const Link& link) const;

  size_t sessions() const;

 private:
  static constexpr double kIdleSessionS = 300;  // forget sessions idle this long
  static constexpr double kChunkTimeS = 0.005;
  static constexpr size_t kMinChunkBytes = 1460;       // one TCP segment's payload
  static constexpr size_t kMaxChunkBytes = 64 * 1024;
  static constexpr double kContinuationSlackS = 0.05;
  // A response's next chunk keeps to the link's schedule even when its writer
  // woke this late (a loaded machine), so load does not slow a transfer.
  static constexpr double kResponseSlackS = 1.0;

  TracePacer pacer_;
  double extra_latency_ms_;
  const media::Clock& clock_;
  mutable std::mutex mutex_;  // guards links_ and every Link's fields
  std::unordered_map<std::string, std::shared_ptr<Link>> links_;
  size_t calls_since_sweep_ = 0;
};

}  // namespace origin
