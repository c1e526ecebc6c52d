// The encode pipeline: one source thread (demux + decode once, audio encode),
// one worker thread per rung (scale + x264 + segmenter), bounded frame
// queues between them so memory stays flat whatever the input length. The
// calling thread supervises: it publishes progress, turns `stop` (Ctrl-C or
// a failed stage) into cancelled queues, joins everything and returns what
// was written. Files stay under temporary names; committing is the caller's.
#pragma once

#include <atomic>
#include <vector>

#include "media/error.h"
#include "packager/ladder.h"
#include "packager/options.h"
#include "packager/output_files.h"
#include "packager/progress.h"
#include "packager/representation.h"
#include "packager/source.h"

namespace packager {

inline constexpr size_t kFrameQueueCapacity = 8;  // decoded frames waiting per rung

// Runs the whole encode. `stop` may be set from a signal handler; the
// pipeline also sets it when a stage fails, so the source stops reading.
media::Result<PresentationDescription> run_pipeline(const PackageOptions& options, const std::vector<LadderRung>& ladder,
                                                    Source& source, OutputFiles& files, std::atomic<bool>& stop,
                                                    ProgressObserver* progress);

// The ladder for this source and options: parsed --ladder or derived.
media::Result<std::vector<LadderRung>> choose_ladder(const std::vector<RungSpec>& specs, const SourceInfo& source);

}  // namespace packager
