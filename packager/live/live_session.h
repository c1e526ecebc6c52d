// A live packaging run (`dash-package --live`): Periods of input → encode
// pipeline → segments + dynamic MPD, until Ctrl-C, the end of a --realtime
// file, or a failure. A network input that disconnects or stalls ends its
// Period cleanly (every segment finished); the run then waits for the input
// to come back and goes on in a new Period, with segment numbers going on.
// At the end the MPD becomes static (VOD of what is still on disk).
//
// Time: `clock` paces the inputs and measures stalls (SteadyClock; tests may
// drive a ManualClock); `unix_now` gives wall-clock time for
// availabilityStartTime, publishTime and the prft capture times.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "media/clock.h"
#include "media/error.h"
#include "packager/ladder.h"
#include "packager/options.h"

namespace packager {

struct LiveRunSummary {
  int periods = 0;
  double media_s = 0;        // encoded, over every Period
  uint64_t mpd_writes = 0;
  double waited_s = 0;       // the input waited on the encoders (backpressure), over every Period
  std::string manifest_path;
};

// `interrupted` is set from the signal handler (Ctrl-C, SIGTERM).
media::Result<LiveRunSummary> run_live(const PackageOptions& options, const std::vector<RungSpec>& specs,
                                       const std::atomic<bool>& interrupted, media::Clock& clock,
                                       const std::function<double()>& unix_now);

// The default live ladder: the standard rungs from 720p down to 360p that
// the source can fill (720p, 480p, 360p + AAC for an HD source); a smaller
// source gets its derived ladder.
std::vector<LadderRung> live_ladder(const SourceGeometry& source);

// Unix time from the system clock.
double system_unix_now();

}  // namespace packager
