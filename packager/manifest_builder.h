// Builds the static MPD (media/ model) from what was written: one video and
// one audio AdaptationSet, SegmentTemplate + SegmentTimeline (live) or
// SegmentBase + sidx (on-demand), bandwidth measured from the segments.
// No libav* here: everything comes from PresentationDescription.
#pragma once

#include <cstdint>
#include <vector>

#include "media/error.h"
#include "media/mpd/model.h"
#include "packager/representation.h"

namespace packager {

inline constexpr const char* kLiveProfile = "urn:mpeg:dash:profile:isoff-live:2011";
inline constexpr const char* kOnDemandProfile = "urn:mpeg:dash:profile:isoff-on-demand:2011";

// Peak bit rate over the segments (bits / duration). A last segment shorter
// than the nominal duration is measured over the nominal duration: the
// buffer model of @bandwidth + @minBufferTime allows that much.
uint64_t peak_bandwidth_bps(const std::vector<SegmentWritten>& segments, uint32_t timescale,
                            double nominal_duration_s);

// SegmentTimeline entries for the segments (runs of equal durations folded
// into @r; @t where the timeline starts or has a gap).
std::vector<media::TimelineEntry> build_timeline(const std::vector<SegmentWritten>& segments);

media::Result<media::Mpd> build_manifest(const PresentationDescription& presentation);

}  // namespace packager
