// --copy: packages already-encoded renditions (H.264, HEVC or AV1 video and/or AAC audio,
// one or more files) without re-encoding. Each file is demuxed once per
// stream it contributes and cut with the same boundary rule as the encoder
// path (first key frame at or after k·D); afterwards the renditions' cut
// points must agree, otherwise the run fails naming the first mismatch.
#pragma once

#include <string>
#include <vector>

#include "media/error.h"
#include "packager/options.h"
#include "packager/representation.h"
#include "packager/run_context.h"

namespace packager {

media::Result<PresentationDescription> run_copy(const PackageOptions& options, RunContext& context);

// Seconds where each segment starts, per rendition (same order as the
// files): an error describing the first disagreement beyond `tolerance_s`.
media::Status check_alignment(const std::vector<std::string>& names,
                              const std::vector<std::vector<double>>& segment_starts_s, double tolerance_s);

}  // namespace packager
