// The encode pipeline: one source thread (demux + decode once, audio encode),
// one worker thread per rung (scale + encode + segmenter), bounded frame
// queues between them so memory stays flat whatever the input length. The
// calling thread supervises: it publishes progress, turns `stop` (Ctrl-C or
// a failed stage) into cancelled queues, joins everything and returns what
// was written. Files stay under temporary names; committing is the caller's.
#pragma once

#include <vector>

#include "media/error.h"
#include "packager/ladder.h"
#include "packager/options.h"
#include "packager/representation.h"
#include "packager/run_context.h"
#include "packager/source.h"
#include "packager/subtitles/text_tracks.h"

namespace packager {

// Runs the whole encode. `context.stop` may be set from a signal handler;
// the pipeline also sets it when a stage fails, so the source stops reading.
media::Result<PresentationDescription> run_pipeline(const PackageOptions& options, const std::vector<LadderRung>& ladder,
                                                    Source& source, RunContext& context);

// What the manifests say about --encrypt (no key).
ProtectionDescription describe_protection(const cenc::EncryptionOptions& encryption);

// What the options say about writing text tracks.
subtitles::TextOutputOptions text_output_options(const PackageOptions& options);

// The ladder for this source and options: parsed --ladder or derived.
media::Result<std::vector<LadderRung>> choose_ladder(const std::vector<RungSpec>& specs, const SourceInfo& source);

}  // namespace packager
