#include "packager/manifest_builder.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace packager {
namespace {

constexpr const char* kChannelConfigScheme = "urn:mpeg:dash:23003:3:audio_channel_configuration:2011";
constexpr const char* kRoleScheme = "urn:mpeg:dash:role:2011";
// Audio description for the visually impaired (DASH-IF IOP 6.2.3, TV-Anytime AudioPurposeCS value 1).
constexpr const char* kAudioPurposeScheme = "urn:tva:metadata:cs:AudioPurposeCS:2007";
// DASH-IF IOP 7.7.2: the scheme that names the encryption, then the DRM system (W3C ClearKey).
constexpr const char* kMp4ProtectionScheme = "urn:mpeg:dash:mp4protection:2011";
constexpr const char* kClearKeySystem = "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e";

media::Descriptor descriptor(std::string scheme, std::string value) {
  media::Descriptor d;
  d.scheme_id_uri = std::move(scheme);
  d.value = std::move(value);
  return d;
}

std::vector<media::Descriptor> content_protection(const ProtectionDescription& p) {
  media::Descriptor scheme = descriptor(kMp4ProtectionScheme, p.scheme);
  scheme.default_kid = p.key_id_uuid;
  media::Descriptor clear_key = descriptor(kClearKeySystem, "ClearKey1.0");
  clear_key.pssh = p.pssh_base64;
  if (!p.la_url.empty()) clear_key.laurl = p.la_url;
  return {scheme, clear_key};
}

media::Duration mpd_duration(double s) { return media::Duration(static_cast<int64_t>(std::llround(s * 1e6))); }

double end_s(const RepresentationDescription& r) {
  if (r.segments.empty() || r.timescale == 0) return 0;
  const auto& last = r.segments.back();
  return double(last.start_ticks + last.duration_ticks) / r.timescale;
}

double max_segment_s(const RepresentationDescription& r) {
  double m = 0;
  for (const auto& s : r.segments) m = std::max(m, double(s.duration_ticks) / r.timescale);
  return m;
}

std::string ratio(uint32_t a, uint32_t b) {
  const uint32_t g = std::gcd(a, b);
  return g == 0 ? "1:1" : std::to_string(a / g) + ":" + std::to_string(b / g);
}

bool is_sidecar(const RepresentationDescription& d) { return !d.files.sidecar_file.empty(); }

// A whole-file WebVTT track: its BaseURL and average rate, no segments.
media::Representation sidecar_representation(const RepresentationDescription& d, double duration_s) {
  media::Representation r;
  r.id = d.id;
  r.bandwidth = duration_s > 0 ? static_cast<uint64_t>(std::ceil(d.files.sidecar_size_bytes * 8.0 / duration_s)) : 0;
  r.base_urls.push_back({d.files.sidecar_file, {}, {}});
  return r;
}

media::Representation representation(const RepresentationDescription& d, Profile profile, double nominal_s,
                                     bool timeline_in_set) {
  media::Representation r;
  r.id = d.id;
  r.bandwidth = peak_bandwidth_bps(d.segments, d.timescale, nominal_s);
  r.common.codecs = d.codecs;
  if (d.kind == ContentKind::kVideo) {
    r.common.width = d.width;
    r.common.height = d.height;
    r.common.frame_rate = d.frame_rate;
    r.common.sar = d.sar;
  } else if (d.kind == ContentKind::kAudio) {
    r.common.audio_sampling_rate = std::to_string(d.sample_rate);
    r.common.audio_channel_configuration.push_back(descriptor(kChannelConfigScheme, std::to_string(d.channels)));
  }
  if (profile == Profile::kOnDemand) {
    r.base_urls.push_back({d.files.single_file, {}, {}});
    media::SegmentBase base;
    base.timescale = d.timescale;
    base.index_range = media::ByteRange{d.files.index_first_byte, d.files.index_last_byte};
    base.index_range_exact = true;
    base.initialization = media::UrlRef{std::nullopt, media::ByteRange{0, d.files.init_size_bytes - 1}};
    r.segment_info.segment_base = base;
  } else if (!timeline_in_set) {
    media::SegmentTemplate t;
    t.timescale = d.timescale;
    t.initialization_template = "$RepresentationID$-init.mp4";
    t.media = "$RepresentationID$-$Number$.m4s";
    t.start_number = 1;
    t.timeline = build_timeline(d.segments);
    r.segment_info.segment_template = t;
  }
  return r;
}

// True when every representation has the same timescale and timeline, so one
// SegmentTemplate at the AdaptationSet serves them all.
bool shared_timeline(const std::vector<const RepresentationDescription*>& reps) {
  for (const auto* r : reps) {
    if (r->timescale != reps.front()->timescale) return false;
    if (build_timeline(r->segments) != build_timeline(reps.front()->segments)) return false;
  }
  return true;
}

const char* content_type(ContentKind kind) {
  switch (kind) {
    case ContentKind::kVideo: return "video";
    case ContentKind::kAudio: return "audio";
    case ContentKind::kText: return "text";
  }
  return "video";
}

const char* mime_type(ContentKind kind) {
  switch (kind) {
    case ContentKind::kVideo: return "video/mp4";
    case ContentKind::kAudio: return "audio/mp4";
    case ContentKind::kText: return "application/mp4";
  }
  return "video/mp4";
}

media::AdaptationSet adaptation_set(const std::vector<const RepresentationDescription*>& reps, uint32_t id,
                                    Profile profile, double nominal_s, double duration_s,
                                    const std::optional<ProtectionDescription>& protection) {
  media::AdaptationSet set;
  set.id = id;
  const ContentKind kind = reps.front()->kind;
  const bool video = kind == ContentKind::kVideo;
  set.content_type = content_type(kind);
  set.common.mime_type = mime_type(kind);
  set.common.start_with_sap = 1;
  if (profile == Profile::kLive) {
    set.segment_alignment = true;
  } else {
    set.subsegment_alignment = true;
    set.subsegment_starts_with_sap = 1;
  }
  if (video) {
    uint32_t max_w = 0, max_h = 0;
    for (const auto* r : reps) {
      max_w = std::max(max_w, r->width);
      max_h = std::max(max_h, r->height);
    }
    set.max_width = max_w;
    set.max_height = max_h;
    set.max_frame_rate = reps.front()->frame_rate;
    set.par = ratio(max_w, max_h);
  } else {
    const RepresentationDescription& first = *reps.front();
    set.lang = first.lang.empty() ? "und" : first.lang;
    set.roles.push_back(descriptor(kRoleScheme, std::string(role_name(first.role))));
    if (first.role == TrackRole::kDescription) set.accessibility.push_back(descriptor(kAudioPurposeScheme, "1"));
  }
  if (is_sidecar(*reps.front())) {
    set.common.mime_type = "text/vtt";
    set.segment_alignment.reset();
    set.subsegment_alignment.reset();
    set.subsegment_starts_with_sap.reset();
    set.common.start_with_sap.reset();
    for (const auto* r : reps) set.representations.push_back(sidecar_representation(*r, duration_s));
    return set;
  }
  if (protection && kind != ContentKind::kText) set.common.content_protection = content_protection(*protection);
  const bool in_set = profile == Profile::kLive && shared_timeline(reps);
  if (in_set) {
    media::SegmentTemplate t;
    t.timescale = reps.front()->timescale;
    t.initialization_template = "$RepresentationID$-init.mp4";
    t.media = "$RepresentationID$-$Number$.m4s";
    t.start_number = 1;
    t.timeline = build_timeline(reps.front()->segments);
    set.segment_info.segment_template = t;
  }
  for (const auto* r : reps) set.representations.push_back(representation(*r, profile, nominal_s, in_set));
  std::stable_sort(set.representations.begin(), set.representations.end(),
                   [](const media::Representation& a, const media::Representation& b) { return a.bandwidth < b.bandwidth; });
  return set;
}

}  // namespace

uint64_t peak_bandwidth_bps(const std::vector<SegmentWritten>& segments, uint32_t timescale, double nominal_s) {
  double peak = 0;
  for (size_t i = 0; i < segments.size(); ++i) {
    double d = double(segments[i].duration_ticks) / timescale;
    if (i + 1 == segments.size()) d = std::max(d, nominal_s);
    if (d <= 0) continue;
    peak = std::max(peak, segments[i].size_bytes * 8.0 / d);
  }
  return static_cast<uint64_t>(std::ceil(peak));
}

std::vector<media::TimelineEntry> build_timeline(const std::vector<SegmentWritten>& segments) {
  std::vector<media::TimelineEntry> timeline;
  int64_t expected_start = -1;
  for (const auto& s : segments) {
    const uint64_t d = static_cast<uint64_t>(s.duration_ticks);
    const bool gap = s.start_ticks != expected_start;
    if (!gap && !timeline.empty() && timeline.back().d == d) {
      ++timeline.back().r;
    } else {
      media::TimelineEntry e;
      e.d = d;
      if (gap) e.t = static_cast<uint64_t>(s.start_ticks);
      timeline.push_back(e);
    }
    expected_start = s.start_ticks + s.duration_ticks;
  }
  return timeline;
}

namespace {

// Representations grouped by set_key (by kind when it is empty), video sets
// first, then audio, then text, each in the order of first appearance.
std::vector<std::vector<const RepresentationDescription*>> group_sets(const PresentationDescription& p) {
  std::vector<std::string> keys;
  std::vector<std::vector<const RepresentationDescription*>> sets;
  for (ContentKind kind : {ContentKind::kVideo, ContentKind::kAudio, ContentKind::kText})
    for (const auto& r : p.representations) {
      if (r.kind != kind) continue;
      const std::string key = r.set_key.empty() ? content_type(kind) : r.set_key;
      auto it = std::find(keys.begin(), keys.end(), key);
      if (it == keys.end()) {
        keys.push_back(key);
        sets.push_back({&r});
      } else {
        sets[static_cast<size_t>(it - keys.begin())].push_back(&r);
      }
    }
  return sets;
}

}  // namespace

media::Result<media::Mpd> build_manifest(const PresentationDescription& p) {
  for (const auto& r : p.representations) {
    if (r.segments.empty() && !is_sidecar(r))
      return media::make_error(media::ErrorCode::kInternal, "representation " + r.id + " has no segments");
    if (r.timescale == 0) return media::make_error(media::ErrorCode::kInternal, "representation " + r.id + " has no timescale");
  }
  if (p.representations.empty())
    return media::make_error(media::ErrorCode::kInternal, "no representation to put in the manifest");

  media::Mpd mpd;
  mpd.profiles = p.profile == Profile::kLive ? kLiveProfile : kOnDemandProfile;
  mpd.type = "static";
  double duration_s = 0, max_segment = 0;
  for (const auto& r : p.representations) {
    duration_s = std::max(duration_s, end_s(r));
    max_segment = std::max(max_segment, max_segment_s(r));
  }
  mpd.media_presentation_duration = mpd_duration(duration_s);
  mpd.max_segment_duration = mpd_duration(max_segment);
  // One nominal segment buffered is enough for @bandwidth as measured above.
  mpd.min_buffer_time = mpd_duration(p.segment_duration_s);

  media::Period period;
  period.id = "0";
  period.start = media::Duration(0);
  uint32_t set_id = 0;
  for (const auto& reps : group_sets(p))
    period.adaptation_sets.push_back(
        adaptation_set(reps, set_id++, p.profile, p.segment_duration_s, duration_s, p.protection));
  mpd.periods.push_back(std::move(period));
  return mpd;
}

}  // namespace packager
