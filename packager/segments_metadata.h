// segments.json content (media/segments_json.h) from what was written.
#pragma once

#include "media/segments_json.h"
#include "packager/representation.h"

namespace packager {

media::PresentationMetadata build_segments_metadata(const PresentationDescription& presentation);

}  // namespace packager
