#include "player/session/live_window.h"

#include <algorithm>

#include "media/mpd/date_time.h"
#include "media/mpd/duration.h"

namespace player {
namespace {

// Three segments behind the edge when the MPD suggests nothing (DASH-IF IOP).
constexpr double kDefaultLatencySegments = 3;

}  // namespace

media::Result<LiveInfo> read_live_info(const media::Mpd& mpd) {
  if (!mpd.availability_start_time)
    return media::make_error(media::ErrorCode::kParse, "MPD: dynamic MPD lacks @availabilityStartTime");
  auto ast = media::parse_xs_datetime(*mpd.availability_start_time);
  if (!ast)
    return media::make_error(media::ErrorCode::kParse,
                             "MPD: @availabilityStartTime '" + *mpd.availability_start_time + "' is not an xs:dateTime");
  LiveInfo info;
  info.availability_start_unix_s = *ast;
  if (mpd.time_shift_buffer_depth) info.time_shift_buffer_s = media::to_seconds(*mpd.time_shift_buffer_depth);
  if (mpd.minimum_update_period) info.minimum_update_period_s = media::to_seconds(*mpd.minimum_update_period);
  if (mpd.suggested_presentation_delay) info.suggested_delay_s = media::to_seconds(*mpd.suggested_presentation_delay);
  for (const auto& sd : mpd.service_descriptions) {
    if (sd.latency_target_ms && !info.service_latency_s) info.service_latency_s = *sd.latency_target_ms / 1000.0;
    if (sd.playback_rate_max && !info.max_playback_rate) info.max_playback_rate = sd.playback_rate_max;
    if (sd.playback_rate_min && !info.min_playback_rate) info.min_playback_rate = sd.playback_rate_min;
  }
  return info;
}

media::Mpd materialize(const media::Mpd& mpd, double until_s) {
  media::Mpd copy = mpd;
  if (!copy.media_presentation_duration) copy.media_presentation_duration = media::from_seconds(std::max(0.0, until_s));
  return copy;
}

double availability_time_offset_s(const media::Mpd& mpd, size_t period_index, size_t set_index) {
  const media::Period& period = mpd.periods.at(period_index);
  const media::AdaptationSet& set = period.adaptation_sets.at(set_index);
  const media::SegmentInfo* levels[] = {
      set.representations.empty() ? nullptr : &set.representations.front().segment_info, &set.segment_info,
      &period.segment_info};
  for (const media::SegmentInfo* info : levels)
    if (info && info->segment_template && info->segment_template->availability_time_offset_s)
      return std::max(0.0, *info->segment_template->availability_time_offset_s);
  return 0;
}

double target_latency_s(const LiveInfo& live, double segment_s, double override_s) {
  if (override_s > 0) return override_s;
  if (live.service_latency_s && *live.service_latency_s > 0) return *live.service_latency_s;
  if (live.suggested_delay_s && *live.suggested_delay_s > 0) return *live.suggested_delay_s;
  return kDefaultLatencySegments * segment_s;
}

double available_from_unix_s(const LiveInfo& live, const media::SegmentRef& seg, double ato_s) {
  return live.availability_start_unix_s + seg.start_s() + seg.duration_s() - ato_s;
}

double available_until_unix_s(const LiveInfo& live, const media::SegmentRef& seg) {
  return live.availability_start_unix_s + seg.start_s() + seg.duration_s() + live.time_shift_buffer_s;
}

}  // namespace player
