// Segment addressing: turns one Representation of an MPD into the list of
// its segments (number, media time, resolved URL, byte range), resolving the
// inheritance of segment information and BaseURLs MPD → Period →
// AdaptationSet → Representation.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "media/error.h"
#include "media/isobmff/boxes.h"
#include "media/mpd/model.h"

namespace media {

enum class AddressingMode {
  kTemplateDuration,  // SegmentTemplate with @duration ($Number$ / $Time$)
  kTemplateTimeline,  // SegmentTemplate with SegmentTimeline
  kSegmentList,
  kSegmentBase,       // one file, segments found through its `sidx`
  kSingleSegment,     // just a BaseURL: the whole file is one segment
};
std::string_view to_string(AddressingMode mode);

// Where a piece of media lives: `path` as written in the MPD (after template
// expansion), `url` resolved against the first BaseURL.
struct MediaLocation {
  std::string path;
  std::string url;
  std::optional<ByteRange> range;
  bool operator==(const MediaLocation&) const = default;
};

struct SegmentRef {
  uint64_t number = 0;          // $Number$ value (startNumber based), or 0-based index for SegmentBase
  uint64_t start_ticks = 0;     // media time ($Time$), before presentationTimeOffset
  uint64_t duration_ticks = 0;
  uint64_t timescale = 1;
  double period_start_s = 0;    // presentation time of the period start
  uint64_t presentation_time_offset = 0;
  MediaLocation location;

  // Presentation time (s) of the segment within the whole presentation.
  double start_s() const {
    return period_start_s + (static_cast<double>(start_ticks) - static_cast<double>(presentation_time_offset)) /
                                static_cast<double>(timescale);
  }
  double duration_s() const { return static_cast<double>(duration_ticks) / static_cast<double>(timescale); }
  bool operator==(const SegmentRef&) const = default;
};

std::ostream& operator<<(std::ostream& os, const SegmentRef& s);

struct ResolvedRepresentation {
  const Representation* representation = nullptr;  // points into the Mpd it was resolved from
  const AdaptationSet* adaptation_set = nullptr;
  AddressingMode mode = AddressingMode::kTemplateDuration;
  CommonAttributes common;              // AdaptationSet attributes, overridden by the Representation's
  std::vector<std::string> base_urls;   // resolved, in failover order (at least one: the MPD's own URL)
  std::vector<std::string> service_locations;  // each base URL's serviceLocation (content steering pathway), or ""
  uint64_t timescale = 1;
  uint64_t presentation_time_offset = 0;
  double period_start_s = 0;
  double period_duration_s = 0;
  std::optional<MediaLocation> initialization;
  std::optional<MediaLocation> index;  // SegmentBase: the `sidx` to fetch before segments are known
  std::vector<SegmentRef> segments;    // empty for SegmentBase until apply_sidx()

  // The same path resolved against another BaseURL (for failover).
  std::string url_for(const MediaLocation& loc, size_t base_url_index) const;
};

// Limits that keep hostile MPDs from expanding without bound.
inline constexpr uint64_t kMaxSegmentsPerRepresentation = 100'000;  // 55 h of 2 s segments
inline constexpr size_t kMaxBaseUrls = 16;

// Start and duration (s) of a Period: @start, else the end of the previous
// Period, else 0; @duration, else the next Period's start, else the MPD's
// mediaPresentationDuration. Errors when the duration cannot be known.
struct PeriodTiming {
  double start_s = 0;
  double duration_s = 0;
};
Result<PeriodTiming> period_timing(const Mpd& mpd, size_t period_index);

// Resolves one Representation. `mpd_url` is where the MPD came from (URL or
// file path); relative BaseURLs resolve against it.
Result<ResolvedRepresentation> resolve_representation(const Mpd& mpd, size_t period_index, size_t set_index,
                                                      size_t rep_index, std::string_view mpd_url);

// SegmentBase: fills `segments` from the `sidx` read at rep.index. The byte
// ranges follow the sidx; `sidx_end_offset` is the file offset just past the
// sidx box.
Status apply_sidx(ResolvedRepresentation& rep, const Sidx& sidx, uint64_t sidx_end_offset);

}  // namespace media
