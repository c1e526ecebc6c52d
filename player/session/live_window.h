// The time model of a dynamic MPD (ISO/IEC 23009-1 5.3.9.5, DASH-IF IOP 4):
// when each segment may be fetched and until when, against a wall clock in
// Unix seconds. Media time t of a Period was produced at
// availabilityStartTime + Period@start + t, so a segment is complete (and
// available) at AST + its end, earlier by availabilityTimeOffset when it is
// sent in chunks while it grows, and gone timeShiftBufferDepth later. Pure
// functions over the MPD model; no clock is read here.
#pragma once

#include <array>
#include <limits>
#include <optional>

#include "media/error.h"
#include "media/mpd/model.h"
#include "media/mpd/segments.h"
#include "player/session/playback_state.h"

namespace player {

struct LiveInfo {
  double availability_start_unix_s = 0;                                // MPD@availabilityStartTime
  double time_shift_buffer_s = std::numeric_limits<double>::infinity();  // MPD@timeShiftBufferDepth
  std::optional<double> minimum_update_period_s;                       // absent: the MPD never changes
  std::optional<double> service_latency_s;         // ServiceDescription Latency@target
  std::optional<double> suggested_delay_s;         // MPD@suggestedPresentationDelay
  std::optional<double> max_playback_rate;         // ServiceDescription PlaybackRate@max
  std::optional<double> min_playback_rate;         // ServiceDescription PlaybackRate@min
  std::array<double, kStreamKinds> availability_time_offset_s{};  // per stream (chunked segments)
  double horizon_s = 0;  // presentation time the MPD was materialized to (see materialize())
  bool ended = false;    // a refresh found the MPD static: the last segment is known
};

// Errors: a dynamic MPD without a readable @availabilityStartTime.
media::Result<LiveInfo> read_live_info(const media::Mpd& mpd);

// A copy of `mpd` whose presentation ends at `until_s` (presentation time),
// so that $Number$ templates and open SegmentTimelines (S@r=-1) expand to a
// finite list: what the MPD describes up to that horizon.
media::Mpd materialize(const media::Mpd& mpd, double until_s);

// SegmentTemplate@availabilityTimeOffset of the set's first Representation
// (the most specific level that has it), 0 when absent.
double availability_time_offset_s(const media::Mpd& mpd, size_t period_index, size_t set_index);

// How far behind the live edge to play: `override_s` (--live-delay) when > 0,
// else ServiceDescription Latency@target, else suggestedPresentationDelay,
// else three segments.
double target_latency_s(const LiveInfo& live, double segment_s, double override_s);

// Unix time from which `seg` may be requested (its end, less the offset).
double available_from_unix_s(const LiveInfo& live, const media::SegmentRef& seg, double ato_s);
// Unix time after which `seg` has left the time-shift window.
double available_until_unix_s(const LiveInfo& live, const media::SegmentRef& seg);
// Presentation time of the live edge at wall time `now_unix_s`.
inline double live_edge_s(const LiveInfo& live, double now_unix_s) { return now_unix_s - live.availability_start_unix_s; }

}  // namespace player
