#include "packager/live/live_manifest.h"

#include <algorithm>
#include <cmath>

#include "media/mpd/date_time.h"
#include "packager/manifest_builder.h"

namespace packager {
namespace {

media::Duration mpd_duration_live(double s) { return media::Duration(static_cast<int64_t>(std::llround(s * 1e6))); }

bool complete(const SegmentWritten& s) { return s.size_bytes > 0; }

// The http-xsdate time source at `url`.
media::Descriptor utc_timing(const std::string& url) {
  media::Descriptor d;
  d.scheme_id_uri = kUtcTimingXsdate;
  d.value = url;
  return d;
}

// Applies `fn` to every SegmentTemplate of a Period (AdaptationSet and
// Representation level), with the timescale in force there.
template <typename Fn>
void for_each_template(media::Period& period, Fn&& fn) {
  for (auto& set : period.adaptation_sets) {
    if (set.segment_info.segment_template) fn(*set.segment_info.segment_template);
    for (auto& rep : set.representations)
      if (rep.segment_info.segment_template) fn(*rep.segment_info.segment_template);
  }
}

}  // namespace

std::string live_init_name(const std::string& rep_id, int period_index) {
  return rep_id + "-p" + std::to_string(period_index) + "-init.mp4";
}

void LiveManifest::begin_period(double origin_unix_s, uint64_t first_number, PresentationDescription representations,
                                std::map<std::string, uint64_t> nominal_bandwidth_bps) {
  if (!availability_start_unix_s_) availability_start_unix_s_ = origin_unix_s;
  const double start_s = origin_unix_s - *availability_start_unix_s_;
  for (const auto& [id, bps] : nominal_bandwidth_bps) bandwidth_bps_[id] = std::max(bandwidth_bps_[id], bps);
  PeriodState p;
  p.index = next_period_index_++;
  p.id = "p" + std::to_string(p.index);
  p.start_s = start_s;
  p.first_number = first_number;
  p.presentation = std::move(representations);
  for (auto& r : p.presentation.representations) r.segments.clear();
  periods_.push_back(std::move(p));
}

bool LiveManifest::add_segment(const SegmentWritten& segment) {
  if (periods_.empty()) return false;
  for (auto& r : periods_.back().presentation.representations) {
    if (r.id != segment.rep_id) continue;
    if (!r.segments.empty() && r.segments.back().index == segment.index) r.segments.back() = segment;
    else r.segments.push_back(segment);
    if (complete(segment) && segment.duration_ticks > 0) {
      const auto bps = static_cast<uint64_t>(
          std::ceil(segment.size_bytes * 8.0 * r.timescale / double(segment.duration_ticks)));
      bandwidth_bps_[r.id] = std::max(bandwidth_bps_[r.id], bps);
    }
    return true;
  }
  return false;
}

PresentationDescription LiveManifest::listed(const PeriodState& p, bool complete_only) const {
  uint64_t lo = 0, hi = UINT64_MAX;
  for (const auto& r : p.presentation.representations) {
    auto last = std::find_if(r.segments.rbegin(), r.segments.rend(),
                             [&](const SegmentWritten& s) { return !complete_only || complete(s); });
    if (last == r.segments.rend()) return {};
    lo = std::max(lo, r.segments.front().index);
    hi = std::min(hi, last->index);
  }
  if (p.presentation.representations.empty() || lo > hi) return {};
  PresentationDescription out = p.presentation;
  for (auto& r : out.representations)
    std::erase_if(r.segments, [&](const SegmentWritten& s) { return s.index < lo || s.index > hi; });
  return out;
}

double LiveManifest::end_s(const PeriodState& p, const SegmentWritten& s, uint32_t timescale) const {
  return p.start_s + double(s.start_ticks + s.duration_ticks) / timescale;
}

void LiveManifest::set_bandwidths(media::Period& period) const {
  for (auto& set : period.adaptation_sets)
    for (auto& rep : set.representations)
      if (auto it = bandwidth_bps_.find(rep.id); it != bandwidth_bps_.end()) rep.bandwidth = std::max(rep.bandwidth, it->second);
}

bool LiveManifest::has_segments() const {
  for (const auto& p : periods_)
    if (!listed(p, false).representations.empty()) return true;
  return false;
}

double LiveManifest::live_edge_s() const {
  double edge = 0;
  for (const auto& p : periods_) {
    const auto l = listed(p, false);
    for (const auto& r : l.representations) edge = std::max(edge, end_s(p, r.segments.back(), r.timescale));
  }
  return edge;
}

std::vector<LiveManifest::Expired> LiveManifest::trim() {
  const double cutoff_s = live_edge_s() - settings_.time_shift_buffer_s;
  std::vector<Expired> expired;
  for (auto& p : periods_) {
    for (auto& r : p.presentation.representations) {
      while (!r.segments.empty() && complete(r.segments.front()) &&
             end_s(p, r.segments.front(), r.timescale) < cutoff_s) {
        expired.push_back({r.segments.front().path, end_s(p, r.segments.front(), r.timescale)});
        r.segments.erase(r.segments.begin());
      }
    }
  }
  // Periods left without segments go, except the current one.
  std::erase_if(periods_, [&](const PeriodState& p) {
    if (&p == &periods_.back()) return false;
    for (const auto& r : p.presentation.representations)
      if (!r.segments.empty()) return false;
    return true;
  });
  return expired;
}

std::vector<std::string> LiveManifest::complete_segment_paths() const {
  std::vector<std::string> paths;
  for (const auto& p : periods_)
    for (const auto& r : p.presentation.representations)
      for (const auto& s : r.segments)
        if (complete(s)) paths.push_back(s.path);
  return paths;
}

media::Result<media::Mpd> LiveManifest::dynamic_mpd(double publish_unix_s) const {
  const LiveManifestSettings& s = settings_;
  media::Mpd mpd;
  media::Duration max_segment{0};
  for (size_t i = 0; i < periods_.size(); ++i) {
    const PeriodState& p = periods_[i];
    const PresentationDescription shown = listed(p, false);
    if (shown.representations.empty()) continue;
    auto built = build_manifest(shown);
    if (!built.ok()) return built.error();
    if (mpd.periods.empty()) mpd.profiles = built->profiles;
    max_segment = std::max(max_segment, built->max_segment_duration.value_or(media::Duration(0)));
    media::Period period = std::move(built->periods.front());
    period.id = p.id;
    period.start = mpd_duration_live(p.start_s);
    set_bandwidths(period);
    const uint64_t first_listed = shown.representations.front().segments.front().index;
    const uint64_t last_listed = shown.representations.front().segments.back().index;
    const bool closed = i + 1 < periods_.size();
    for_each_template(period, [&](media::SegmentTemplate& t) {
      t.initialization_template = live_init_name("$RepresentationID$", p.index);
      if (s.number_template) {
        t.timeline.reset();
        t.duration = static_cast<uint64_t>(std::llround(s.segment_duration_s * double(*t.timescale)));
        t.start_number = p.first_number;
        // A Period closed by an outage lasts until the next one starts, but
        // its media ended with the input: without @endNumber the template
        // would imply segments for the outage, under the numbers (and file
        // names) the next Period goes on with.
        if (closed) t.end_number = last_listed;
      } else {
        t.start_number = first_listed;
      }
      if (s.chunk_duration_s > 0) {
        // A segment may be fetched once its first chunk is out.
        t.availability_time_offset_s = s.segment_duration_s - s.chunk_duration_s;
        t.availability_time_complete = false;
      }
    });
    // Media time 0 of the Period was captured at AST + Period@start. The
    // UTCTiming child says the time is an xs:dateTime (players read NTP without it).
    const media::Descriptor timing = utc_timing(s.utc_timing_url);
    for (auto& set : period.adaptation_sets)
      set.common.producer_reference_times.push_back(
          {0, true, "captured", media::format_xs_datetime(*availability_start_unix_s_ + p.start_s), 0, timing});
    mpd.periods.push_back(std::move(period));
  }
  if (mpd.periods.empty())
    return media::make_error(media::ErrorCode::kInternal, "live manifest: no segment to publish yet");
  mpd.type = "dynamic";
  mpd.availability_start_time = media::format_xs_datetime(*availability_start_unix_s_);
  mpd.publish_time = media::format_xs_datetime(publish_unix_s);
  // A SegmentTimeline lists a segment only from its first chunk on: with
  // chunks, players must look again every chunk to find the next one in time.
  const bool timeline_chunks = s.chunk_duration_s > 0 && !s.number_template;
  mpd.minimum_update_period = mpd_duration_live(timeline_chunks ? s.chunk_duration_s : s.segment_duration_s);
  mpd.time_shift_buffer_depth = mpd_duration_live(s.time_shift_buffer_s);
  mpd.suggested_presentation_delay = mpd_duration_live(s.target_latency_s);
  mpd.max_segment_duration = max_segment;
  mpd.min_buffer_time = mpd_duration_live(s.chunk_duration_s > 0 ? s.chunk_duration_s : s.segment_duration_s);
  media::ServiceDescription sd;
  sd.id = 0;
  sd.latency_target_ms = static_cast<uint32_t>(std::llround(s.target_latency_s * 1000));
  sd.latency_min_ms = static_cast<uint32_t>(std::llround(s.target_latency_s * 500));
  sd.latency_max_ms = static_cast<uint32_t>(std::llround(s.target_latency_s * 3000));
  sd.playback_rate_min = kPlaybackRateMin;
  sd.playback_rate_max = kPlaybackRateMax;
  mpd.service_descriptions.push_back(sd);
  mpd.utc_timing.push_back(utc_timing(s.utc_timing_url));
  return mpd;
}

media::Result<media::Mpd> LiveManifest::static_mpd() const {
  media::Mpd mpd;
  media::Duration max_segment{0};
  double presentation_s = 0;  // where the next Period starts in the replay
  for (const PeriodState& p : periods_) {
    const PresentationDescription shown = listed(p, true);
    if (shown.representations.empty()) continue;
    auto built = build_manifest(shown);
    if (!built.ok()) return built.error();
    if (mpd.periods.empty()) mpd.profiles = built->profiles;
    max_segment = std::max(max_segment, built->max_segment_duration.value_or(media::Duration(0)));
    // The first representation's first segment starts the Period.
    const RepresentationDescription& lead = shown.representations.front();
    const double first_s = double(lead.segments.front().start_ticks) / lead.timescale;
    double last_s = 0;
    for (const auto& r : shown.representations)
      last_s = std::max(last_s, double(r.segments.back().start_ticks + r.segments.back().duration_ticks) / r.timescale);
    media::Period period = std::move(built->periods.front());
    period.id = p.id;
    period.start = mpd_duration_live(presentation_s);
    set_bandwidths(period);
    const uint64_t first_listed = lead.segments.front().index;
    for_each_template(period, [&](media::SegmentTemplate& t) {
      t.initialization_template = live_init_name("$RepresentationID$", p.index);
      t.start_number = first_listed;
      const auto pto = static_cast<uint64_t>(std::llround(first_s * double(*t.timescale)));
      if (pto > 0) t.presentation_time_offset = pto;
    });
    mpd.periods.push_back(std::move(period));
    presentation_s += last_s - first_s;
  }
  if (mpd.periods.empty())
    return media::make_error(media::ErrorCode::kInternal, "live manifest: no complete segment to keep");
  mpd.type = "static";
  mpd.media_presentation_duration = mpd_duration_live(presentation_s);
  mpd.max_segment_duration = max_segment;
  mpd.min_buffer_time = mpd_duration_live(settings_.segment_duration_s);
  return mpd;
}

}  // namespace packager
