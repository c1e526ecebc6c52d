// The interface every ABR algorithm implements. An algorithm is a pure state
// machine: the session calls observe() after every download and choose()
// before every request; nothing inside reads a clock, does I/O or starts a
// thread, so the same object runs in the player, in the simulator and in
// table-driven tests. Not thread-safe; one object per session.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "player/abr/types.h"

namespace abr {

class AbrAlgorithm {
 public:
  virtual ~AbrAlgorithm() = default;

  // The registry name ("bola-e", "robustmpc", ...).
  virtual std::string_view name() const = 0;
  // After every download, abandoned ones included.
  virtual void observe(const SegmentResult& result) = 0;
  // Before every request. requires: !context.bitrates_bps.empty().
  virtual Decision choose(const AbrContext& context) = 0;
  // While a download runs: a lower rung to restart this segment at, or
  // nothing to carry on. `context` describes the segment being fetched.
  virtual std::optional<size_t> should_abandon(const DownloadProgress& progress, const AbrContext& context) {
    (void)progress;
    (void)context;
    return std::nullopt;
  }
  // The algorithm's current throughput estimate (0: none yet).
  virtual double estimate_bps() const { return 0; }
  // Why the algorithm can no longer decide, or "" while it can. Pure
  // algorithms never fail; one that talks to an external program does when
  // the program misbehaves (player/abr_exec/), and the session then stops
  // with this message.
  virtual std::string failure() const { return {}; }
};

}  // namespace abr
