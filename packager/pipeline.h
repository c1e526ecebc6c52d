// The encode pipeline: one source thread (demux + decode once, audio encode),
// one worker thread per rung (scale + x264 + segmenter), bounded frame
// queues between them so memory stays flat whatever the input length. The
// calling thread supervises: it publishes progress, turns `stop` (Ctrl-C or
// a failed stage) into cancelled queues, joins everything and returns what
// was written. Files stay under temporary names; committing is the caller's.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "media/error.h"
#include "packager/ladder.h"
#include "packager/options.h"
#include "packager/output_files.h"
#include "packager/progress.h"
#include "packager/representation.h"
#include "packager/segmenter.h"
#include "packager/source.h"
#include "packager/video_encoder.h"

namespace packager {

inline constexpr size_t kFrameQueueCapacity = 8;  // decoded frames waiting per rung

// What a live run changes (packager/live/live_session.cc); a file run passes none.
struct PipelineHooks {
  // Gets every segment instead of the run's collector; nothing is kept, so
  // memory stays flat however long the run (the result lists no segments).
  SegmentSink* sink = nullptr;
  std::function<void(VideoEncoderSettings&)> configure_encoder;
  std::function<void(SegmenterConfig&)> configure_segmenter;
  // The representations (no segments yet) once every encoder is open.
  std::function<void(const PresentationDescription&)> on_started;
  // Index into kPresets that rungs switch to at their next segment boundary
  // (when the stream headers stay the same); null = never.
  const std::atomic<int>* preset_index = nullptr;
};

// Runs the whole encode. `stop` may be set from a signal handler; the
// pipeline also sets it when a stage fails, so the source stops reading.
media::Result<PresentationDescription> run_pipeline(const PackageOptions& options, const std::vector<LadderRung>& ladder,
                                                    Source& source, OutputFiles& files, std::atomic<bool>& stop,
                                                    ProgressObserver* progress, const PipelineHooks& hooks = {});

// The ladder for this source and options: parsed --ladder or derived.
media::Result<std::vector<LadderRung>> choose_ladder(const std::vector<RungSpec>& specs, const SourceInfo& source);

}  // namespace packager
