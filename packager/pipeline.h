// The encode pipeline: one source thread (demux + decode once, audio encode),
// one worker thread per rung (scale + encode + segmenter), bounded frame
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
#include "packager/representation.h"
#include "packager/run_context.h"
#include "packager/segmenter.h"
#include "packager/source.h"
#include "packager/subtitles/text_tracks.h"
#include "packager/video_encoder.h"

namespace packager {

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

// Runs the whole encode. `context.stop` may be set from a signal handler;
// the pipeline also sets it when a stage fails, so the source stops reading.
media::Result<PresentationDescription> run_pipeline(const PackageOptions& options, const std::vector<LadderRung>& ladder,
                                                    Source& source, RunContext& context,
                                                    const PipelineHooks& hooks = {});

// What the manifests say about --encrypt (no key).
ProtectionDescription describe_protection(const cenc::EncryptionOptions& encryption);

// What the options say about writing text tracks.
subtitles::TextOutputOptions text_output_options(const PackageOptions& options);

// The ladder for this source and options: parsed --ladder or derived.
media::Result<std::vector<LadderRung>> choose_ladder(const std::vector<RungSpec>& specs, const SourceInfo& source);

}  // namespace packager
