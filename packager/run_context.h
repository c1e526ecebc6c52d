// What every packaging run shares with its caller: where files go, the stop
// flag (set by Ctrl-C or by a failed stage), the clock progress is measured
// with, and who is told about progress. The caller owns all of it.
#pragma once

#include <atomic>

#include "media/clock.h"
#include "packager/output_files.h"
#include "packager/progress.h"

namespace packager {

struct RunContext {
  OutputFiles& files;
  std::atomic<bool>& stop;
  media::Clock& clock;                   // elapsed time for progress; the supervisor sleeps on it
  ProgressObserver* progress = nullptr;  // none: quiet
};

}  // namespace packager
