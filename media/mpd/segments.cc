#include "media/mpd/segments.h"

#include <cmath>

#include "media/mpd/duration.h"
#include "media/mpd/template.h"
#include "media/url.h"

namespace media {
namespace {

Error addressing_error(const Representation& rep, std::string what) {
  return make_error(ErrorCode::kParse, "MPD: Representation '" + rep.id + "': " + std::move(what));
}

template <typename T>
void override_with(std::optional<T>& base, const std::optional<T>& over) {
  if (over) base = over;
}

void merge_segment_base(SegmentBase& base, const SegmentBase& over) {
  override_with(base.timescale, over.timescale);
  override_with(base.presentation_time_offset, over.presentation_time_offset);
  override_with(base.index_range, over.index_range);
  override_with(base.index_range_exact, over.index_range_exact);
  override_with(base.initialization, over.initialization);
  override_with(base.representation_index, over.representation_index);
}

void merge_multiple(MultipleSegmentBase& base, const MultipleSegmentBase& over) {
  merge_segment_base(base, over);
  override_with(base.duration, over.duration);
  override_with(base.start_number, over.start_number);
  override_with(base.end_number, over.end_number);
  override_with(base.timeline, over.timeline);
}

void merge(SegmentTemplate& base, const SegmentTemplate& over) {
  merge_multiple(base, over);
  override_with(base.media, over.media);
  override_with(base.index_template, over.index_template);
  override_with(base.initialization_template, over.initialization_template);
  override_with(base.bitstream_switching, over.bitstream_switching);
}

void merge(SegmentList& base, const SegmentList& over) {
  merge_multiple(base, over);
  if (!over.segment_urls.empty()) base.segment_urls = over.segment_urls;
}

void merge(SegmentBase& base, const SegmentBase& over) { merge_segment_base(base, over); }

// Merges the element of one addressing kind over the levels, outermost first.
template <typename T>
T merge_levels(std::initializer_list<const std::optional<T>*> levels) {
  T merged;
  for (const auto* level : levels)
    if (*level) merge(merged, **level);
  return merged;
}

CommonAttributes merge_common(const CommonAttributes& set, const CommonAttributes& rep) {
  CommonAttributes c = set;
  override_with(c.profiles, rep.profiles);
  override_with(c.width, rep.width);
  override_with(c.height, rep.height);
  override_with(c.sar, rep.sar);
  override_with(c.frame_rate, rep.frame_rate);
  override_with(c.audio_sampling_rate, rep.audio_sampling_rate);
  override_with(c.mime_type, rep.mime_type);
  override_with(c.codecs, rep.codecs);
  override_with(c.start_with_sap, rep.start_with_sap);
  if (!rep.audio_channel_configuration.empty()) c.audio_channel_configuration = rep.audio_channel_configuration;
  if (!rep.content_protection.empty()) c.content_protection = rep.content_protection;
  c.essential_property.insert(c.essential_property.end(), rep.essential_property.begin(), rep.essential_property.end());
  c.supplemental_property.insert(c.supplemental_property.end(), rep.supplemental_property.begin(),
                                 rep.supplemental_property.end());
  return c;
}

// Every combination of the levels' BaseURLs, resolved outermost first; each
// keeps the serviceLocation of the innermost BaseURL that names one.
void resolve_base_urls(ResolvedRepresentation& rr, std::string_view mpd_url,
                       std::initializer_list<const std::vector<BaseUrl>*> levels) {
  std::vector<std::string> urls{std::string(mpd_url)}, locations{std::string()};
  for (const auto* level : levels) {
    if (level->empty()) continue;
    std::vector<std::string> next_urls, next_locations;
    for (size_t i = 0; i < urls.size(); ++i)
      for (const auto& b : *level)
        if (next_urls.size() < kMaxBaseUrls) {
          next_urls.push_back(resolve_url(urls[i], b.url));
          next_locations.push_back(b.service_location.value_or(locations[i]));
        }
    urls = std::move(next_urls);
    locations = std::move(next_locations);
  }
  rr.base_urls = std::move(urls);
  rr.service_locations = std::move(locations);
}

MediaLocation locate(const ResolvedRepresentation& rr, std::string path, std::optional<ByteRange> range) {
  MediaLocation loc;
  loc.url = path.empty() ? rr.base_urls.front() : resolve_url(rr.base_urls.front(), path);
  loc.path = std::move(path);
  loc.range = range;
  return loc;
}

uint64_t ticks_in(double seconds, uint64_t timescale) {
  return static_cast<uint64_t>(std::llround(seconds * static_cast<double>(timescale)));
}

SegmentRef make_segment(const ResolvedRepresentation& rr, uint64_t number, uint64_t start, uint64_t duration) {
  SegmentRef s;
  s.number = number;
  s.start_ticks = start;
  s.duration_ticks = duration;
  s.timescale = rr.timescale;
  s.period_start_s = rr.period_start_s;
  s.presentation_time_offset = rr.presentation_time_offset;
  return s;
}

// Expands a SegmentTimeline into (start, duration) pairs.
Status expand_timeline(const Representation& rep, const std::vector<TimelineEntry>& timeline,
                       std::optional<uint64_t> period_end_ticks, std::vector<std::pair<uint64_t, uint64_t>>& out) {
  uint64_t t = 0;
  for (size_t i = 0; i < timeline.size(); ++i) {
    const TimelineEntry& e = timeline[i];
    if (e.t) t = *e.t;
    if (e.d == 0) return addressing_error(rep, "SegmentTimeline <S> with @d='0'");
    uint64_t count = 0;
    if (e.r >= 0) {
      count = static_cast<uint64_t>(e.r) + 1;
    } else {  // r = -1: until the next S@t, else until the end of the period
      std::optional<uint64_t> until;
      if (i + 1 < timeline.size() && timeline[i + 1].t) until = timeline[i + 1].t;
      else until = period_end_ticks;
      if (!until) return addressing_error(rep, "SegmentTimeline @r='-1' with no end (Period duration unknown)");
      count = *until > t ? (*until - t + e.d - 1) / e.d : 0;
    }
    if (count > kMaxSegmentsPerRepresentation - out.size())
      return addressing_error(rep, "SegmentTimeline expands to more than " +
                                       std::to_string(kMaxSegmentsPerRepresentation) + " segments");
    for (uint64_t k = 0; k < count; ++k) {
      out.emplace_back(t, e.d);
      t += e.d;
    }
  }
  return {};
}

Status resolve_template(ResolvedRepresentation& rr, const SegmentTemplate& st, const Representation& rep,
                        const Result<PeriodTiming>& timing) {
  TemplateValues values;
  values.representation_id = rep.id;
  values.bandwidth = rep.bandwidth;
  if (st.initialization_template) {
    auto init = expand_template(*st.initialization_template, values);
    if (!init.ok()) return init.error();
    rr.initialization = locate(rr, *init, std::nullopt);
  } else if (st.initialization) {  // <Initialization sourceURL range> inside the template
    rr.initialization = locate(rr, st.initialization->source_url.value_or(""), st.initialization->range);
  }
  if (!st.media) return addressing_error(rep, "<SegmentTemplate> lacks @media");
  const uint64_t start_number = st.start_number.value_or(1);
  std::vector<std::pair<uint64_t, uint64_t>> spans;  // (start ticks, duration ticks)
  std::optional<uint64_t> period_end;
  if (timing.ok()) period_end = rr.presentation_time_offset + ticks_in(timing->duration_s, rr.timescale);
  if (st.timeline) {
    rr.mode = AddressingMode::kTemplateTimeline;
    DS_RETURN_IF_ERROR(expand_timeline(rep, *st.timeline, period_end, spans));
  } else {
    rr.mode = AddressingMode::kTemplateDuration;
    if (!st.duration || *st.duration == 0)
      return addressing_error(rep, "<SegmentTemplate> has neither @duration nor <SegmentTimeline>");
    if (!timing.ok()) return timing.error().with_context("MPD: Representation '" + rep.id + "'");
    uint64_t total = ticks_in(timing->duration_s, rr.timescale);
    uint64_t count = (total + *st.duration - 1) / *st.duration;
    if (st.end_number && *st.end_number >= start_number) count = std::min(count, *st.end_number - start_number + 1);
    if (count > kMaxSegmentsPerRepresentation)
      return addressing_error(rep, "SegmentTemplate describes more than " +
                                       std::to_string(kMaxSegmentsPerRepresentation) + " segments");
    for (uint64_t k = 0; k < count; ++k) {
      uint64_t start = rr.presentation_time_offset + k * *st.duration;
      uint64_t dur = std::min<uint64_t>(*st.duration, total - k * *st.duration);  // the last one may be short
      spans.emplace_back(start, dur);
    }
  }
  if (st.end_number && st.timeline && *st.end_number >= start_number)
    spans.resize(std::min<size_t>(spans.size(), *st.end_number - start_number + 1));
  rr.segments.reserve(spans.size());
  for (size_t k = 0; k < spans.size(); ++k) {
    SegmentRef s = make_segment(rr, start_number + k, spans[k].first, spans[k].second);
    values.number = s.number;
    values.time = s.start_ticks;
    auto path = expand_template(*st.media, values);
    if (!path.ok()) return path.error();
    s.location = locate(rr, std::move(path).value(), std::nullopt);
    rr.segments.push_back(std::move(s));
  }
  return {};
}

}  // namespace

std::string_view to_string(AddressingMode mode) {
  switch (mode) {
    case AddressingMode::kTemplateDuration: return "SegmentTemplate@duration";
    case AddressingMode::kTemplateTimeline: return "SegmentTemplate+SegmentTimeline";
    case AddressingMode::kSegmentList: return "SegmentList";
    case AddressingMode::kSegmentBase: return "SegmentBase+sidx";
    case AddressingMode::kSingleSegment: return "single segment";
  }
  return "?";
}

std::ostream& operator<<(std::ostream& os, const SegmentRef& s) {
  os << "#" << s.number << " t=" << s.start_ticks << " d=" << s.duration_ticks << "/" << s.timescale << " "
     << s.location.url;
  if (s.location.range) os << " [" << *s.location.range << "]";
  return os;
}

std::string ResolvedRepresentation::url_for(const MediaLocation& loc, size_t base_url_index) const {
  const std::string& base = base_urls.at(base_url_index % base_urls.size());
  return loc.path.empty() ? base : resolve_url(base, loc.path);
}

Result<PeriodTiming> period_timing(const Mpd& mpd, size_t period_index) {
  if (period_index >= mpd.periods.size()) return make_error(ErrorCode::kNotFound, "MPD: no Period " + std::to_string(period_index));
  // Walk from the first period so that a missing @start follows the previous end.
  double start = 0;
  for (size_t i = 0; i <= period_index; ++i) {
    const Period& p = mpd.periods[i];
    if (p.start) start = to_seconds(*p.start);
    std::optional<double> duration;
    if (p.duration) {
      duration = to_seconds(*p.duration);
    } else if (i + 1 < mpd.periods.size() && mpd.periods[i + 1].start) {
      duration = to_seconds(*mpd.periods[i + 1].start) - start;
    } else if (i + 1 == mpd.periods.size() && mpd.media_presentation_duration) {
      duration = to_seconds(*mpd.media_presentation_duration) - start;
    }
    if (i == period_index) {
      if (!duration || *duration <= 0)
        return make_error(ErrorCode::kUnsupported,
                          "MPD: duration of Period " + std::to_string(i) + " is unknown (no @duration, next @start "
                          "or @mediaPresentationDuration)");
      return PeriodTiming{start, *duration};
    }
    if (!duration) return make_error(ErrorCode::kUnsupported, "MPD: Period " + std::to_string(i) + " has no known end");
    start += *duration;
  }
  return make_error(ErrorCode::kInternal, "unreachable");
}

Result<ResolvedRepresentation> resolve_representation(const Mpd& mpd, size_t period_index, size_t set_index,
                                                      size_t rep_index, std::string_view mpd_url) {
  if (period_index >= mpd.periods.size()) return make_error(ErrorCode::kNotFound, "MPD: no such Period");
  const Period& period = mpd.periods[period_index];
  if (set_index >= period.adaptation_sets.size()) return make_error(ErrorCode::kNotFound, "MPD: no such AdaptationSet");
  const AdaptationSet& set = period.adaptation_sets[set_index];
  if (rep_index >= set.representations.size()) return make_error(ErrorCode::kNotFound, "MPD: no such Representation");
  const Representation& rep = set.representations[rep_index];

  ResolvedRepresentation rr;
  rr.representation = &rep;
  rr.adaptation_set = &set;
  rr.common = merge_common(set.common, rep.common);
  resolve_base_urls(rr, mpd_url, {&mpd.base_urls, &period.base_urls, &set.base_urls, &rep.base_urls});
  auto timing = period_timing(mpd, period_index);
  if (timing.ok()) {
    rr.period_start_s = timing->start_s;
    rr.period_duration_s = timing->duration_s;
  }

  // The most specific level that carries segment information decides the mode.
  const SegmentInfo* levels[] = {&rep.segment_info, &set.segment_info, &period.segment_info};
  const SegmentInfo* decisive = nullptr;
  for (const SegmentInfo* info : levels) {
    if (info->segment_template || info->segment_list || info->segment_base) {
      decisive = info;
      break;
    }
  }

  if (decisive && decisive->segment_template) {
    SegmentTemplate st = merge_levels<SegmentTemplate>(
        {&period.segment_info.segment_template, &set.segment_info.segment_template, &rep.segment_info.segment_template});
    rr.timescale = st.timescale.value_or(1);
    rr.presentation_time_offset = st.presentation_time_offset.value_or(0);
    DS_RETURN_IF_ERROR(resolve_template(rr, st, rep, timing));
    return rr;
  }

  if (decisive && decisive->segment_list) {
    SegmentList sl = merge_levels<SegmentList>(
        {&period.segment_info.segment_list, &set.segment_info.segment_list, &rep.segment_info.segment_list});
    rr.mode = AddressingMode::kSegmentList;
    rr.timescale = sl.timescale.value_or(1);
    rr.presentation_time_offset = sl.presentation_time_offset.value_or(0);
    if (sl.initialization)
      rr.initialization = locate(rr, sl.initialization->source_url.value_or(""), sl.initialization->range);
    std::vector<std::pair<uint64_t, uint64_t>> spans;
    if (sl.timeline) {
      std::optional<uint64_t> period_end;
      if (timing.ok()) period_end = rr.presentation_time_offset + ticks_in(timing->duration_s, rr.timescale);
      DS_RETURN_IF_ERROR(expand_timeline(rep, *sl.timeline, period_end, spans));
    } else if (sl.duration && *sl.duration > 0) {
      for (size_t k = 0; k < sl.segment_urls.size(); ++k)
        spans.emplace_back(rr.presentation_time_offset + k * *sl.duration, *sl.duration);
    } else if (sl.segment_urls.size() == 1 && timing.ok()) {
      spans.emplace_back(rr.presentation_time_offset, ticks_in(timing->duration_s, rr.timescale));
    } else {
      return addressing_error(rep, "<SegmentList> has neither @duration nor <SegmentTimeline>");
    }
    const uint64_t start_number = sl.start_number.value_or(1);
    size_t count = std::min(spans.size(), sl.segment_urls.size());
    for (size_t k = 0; k < count; ++k) {
      SegmentRef s = make_segment(rr, start_number + k, spans[k].first, spans[k].second);
      s.location = locate(rr, sl.segment_urls[k].media.value_or(""), sl.segment_urls[k].media_range);
      rr.segments.push_back(std::move(s));
    }
    return rr;
  }

  if (decisive && decisive->segment_base) {
    SegmentBase sb = merge_levels<SegmentBase>(
        {&period.segment_info.segment_base, &set.segment_info.segment_base, &rep.segment_info.segment_base});
    rr.mode = AddressingMode::kSegmentBase;
    rr.timescale = sb.timescale.value_or(1);
    rr.presentation_time_offset = sb.presentation_time_offset.value_or(0);
    if (sb.initialization)
      rr.initialization = locate(rr, sb.initialization->source_url.value_or(""), sb.initialization->range);
    if (sb.representation_index)
      rr.index = locate(rr, sb.representation_index->source_url.value_or(""), sb.representation_index->range);
    else if (sb.index_range)
      rr.index = locate(rr, "", sb.index_range);
    else
      return addressing_error(rep, "<SegmentBase> has neither @indexRange nor <RepresentationIndex>");
    return rr;
  }

  // Only a BaseURL: the whole resource is one segment.
  if (!timing.ok()) return timing.error().with_context("MPD: Representation '" + rep.id + "'");
  rr.mode = AddressingMode::kSingleSegment;
  rr.timescale = 1000;
  SegmentRef s = make_segment(rr, 1, 0, ticks_in(timing->duration_s, rr.timescale));
  s.location = locate(rr, "", std::nullopt);
  rr.segments.push_back(std::move(s));
  return rr;
}

Status apply_sidx(ResolvedRepresentation& rr, const Sidx& sidx, uint64_t sidx_end_offset) {
  auto indexed = sidx_segments(sidx, sidx_end_offset);
  if (!indexed.ok()) return indexed.error();
  if (indexed->size() > kMaxSegmentsPerRepresentation) return make_error(ErrorCode::kParse, "sidx: too many references");
  // The sidx timescale wins over a missing or different SegmentBase@timescale.
  rr.timescale = sidx.timescale;
  rr.segments.clear();
  std::string path = rr.index ? rr.index->path : std::string();
  for (size_t k = 0; k < indexed->size(); ++k) {
    const IndexedSegment& seg = (*indexed)[k];
    SegmentRef s = make_segment(rr, k, seg.start_ticks, seg.duration_ticks);
    s.location = locate(rr, path, ByteRange{seg.first_byte, seg.last_byte});
    rr.segments.push_back(std::move(s));
  }
  return {};
}

}  // namespace media
