// A one-input, one-output libavfilter graph: a buffer (video) or abuffer
// (audio) source made from `source_args`, the filters of `description`, and
// a buffersink. The player's display conversion and tempo, and the
// packager's rotation, each build one per stream.
#pragma once

#include <string>
#include <string_view>

#include "media/av/ptr.h"
#include "media/error.h"

namespace media::av {

struct FilterChain {
  FilterGraphPtr graph;
  AVFilterContext* source = nullptr;  // feed with av_buffersrc_*
  AVFilterContext* sink = nullptr;    // read with av_buffersink_get_frame
};

// Errors name `what` (and the description when it does not parse).
Result<FilterChain> make_filter_chain(bool video, const std::string& source_args, const std::string& description,
                                      std::string_view what);

}  // namespace media::av
