#include "media/mpd/writer.h"

#include <pugixml.hpp>
#include <charconv>
#include <sstream>

#include "media/file_io.h"
#include "media/mpd/duration.h"

namespace media {
namespace {

constexpr const char* kMpdNamespace = "urn:mpeg:dash:schema:mpd:2011";
constexpr const char* kXlinkNamespace = "http://www.w3.org/1999/xlink";
constexpr const char* kCencNamespace = "urn:mpeg:cenc:2013";
constexpr const char* kDashIfNamespace = "https://dashif.org/CPS";

void set(pugi::xml_node& n, const char* name, const std::optional<std::string>& v) {
  if (v) n.append_attribute(name) = v->c_str();
}
void set(pugi::xml_node& n, const char* name, const std::string& v) { n.append_attribute(name) = v.c_str(); }
template <typename Int>
void set_int(pugi::xml_node& n, const char* name, const std::optional<Int>& v) {
  if (v) n.append_attribute(name) = std::to_string(*v).c_str();
}
void set(pugi::xml_node& n, const char* name, const std::optional<bool>& v) {
  if (v) n.append_attribute(name) = *v ? "true" : "false";
}
void set(pugi::xml_node& n, const char* name, const std::optional<double>& v) {
  if (!v) return;
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, *v);  // shortest text that reads back the same
  n.append_attribute(name) = std::string(buf, r.ptr).c_str();
}
void set(pugi::xml_node& n, const char* name, const std::optional<Duration>& v) {
  if (v) n.append_attribute(name) = format_iso8601_duration(*v).c_str();
}
void set(pugi::xml_node& n, const char* name, const std::optional<ByteRange>& v) {
  if (v) n.append_attribute(name) = format_byte_range(*v).c_str();
}

void write_descriptors(pugi::xml_node& parent, const char* name, const std::vector<Descriptor>& ds) {
  for (const auto& d : ds) {
    pugi::xml_node n = parent.append_child(name);
    set(n, "schemeIdUri", d.scheme_id_uri);
    set(n, "value", d.value);
    set(n, "id", d.id);
    set(n, "cenc:default_KID", d.default_kid);
    if (d.pssh) n.append_child("cenc:pssh").text() = d.pssh->c_str();
    if (d.laurl) n.append_child("dashif:laurl").text() = d.laurl->c_str();
  }
}

// True when some ContentProtection uses the cenc: or dashif: extensions.
bool uses_protection_extensions(const Mpd& mpd) {
  auto uses = [](const CommonAttributes& c) {
    for (const auto& d : c.content_protection)
      if (d.default_kid || d.pssh || d.laurl) return true;
    return false;
  };
  for (const auto& p : mpd.periods)
    for (const auto& as : p.adaptation_sets) {
      if (uses(as.common)) return true;
      for (const auto& r : as.representations)
        if (uses(r.common)) return true;
    }
  return false;
}

void write_base_urls(pugi::xml_node& parent, const std::vector<BaseUrl>& urls) {
  for (const auto& b : urls) {
    pugi::xml_node n = parent.append_child("BaseURL");
    set(n, "serviceLocation", b.service_location);
    set(n, "byteRange", b.byte_range);
    n.text() = b.url.c_str();
  }
}

void write_url_ref(pugi::xml_node& parent, const char* name, const std::optional<UrlRef>& u) {
  if (!u) return;
  pugi::xml_node n = parent.append_child(name);
  set(n, "sourceURL", u->source_url);
  set(n, "range", u->range);
}

void write_segment_base_attrs(pugi::xml_node& n, const SegmentBase& sb) {
  set_int(n, "timescale", sb.timescale);
  set_int(n, "presentationTimeOffset", sb.presentation_time_offset);
  set(n, "indexRange", sb.index_range);
  set(n, "indexRangeExact", sb.index_range_exact);
  set(n, "availabilityTimeOffset", sb.availability_time_offset_s);
  set(n, "availabilityTimeComplete", sb.availability_time_complete);
}

void write_segment_base_children(pugi::xml_node& n, const SegmentBase& sb) {
  write_url_ref(n, "Initialization", sb.initialization);
  write_url_ref(n, "RepresentationIndex", sb.representation_index);
}

void write_multiple_segment_base(pugi::xml_node& n, const MultipleSegmentBase& m) {
  write_segment_base_attrs(n, m);
  set_int(n, "duration", m.duration);
  set_int(n, "startNumber", m.start_number);
  set_int(n, "endNumber", m.end_number);
  write_segment_base_children(n, m);
  if (m.timeline) {
    pugi::xml_node tl = n.append_child("SegmentTimeline");
    for (const auto& e : *m.timeline) {
      pugi::xml_node s = tl.append_child("S");
      set_int(s, "t", e.t);
      set(s, "d", std::to_string(e.d));
      if (e.r != 0) set(s, "r", std::to_string(e.r));
    }
  }
}

void write_segment_info(pugi::xml_node& parent, const SegmentInfo& info) {
  if (info.segment_base) {
    pugi::xml_node n = parent.append_child("SegmentBase");
    write_segment_base_attrs(n, *info.segment_base);
    write_segment_base_children(n, *info.segment_base);
  }
  if (info.segment_list) {
    pugi::xml_node n = parent.append_child("SegmentList");
    write_multiple_segment_base(n, *info.segment_list);
    for (const auto& u : info.segment_list->segment_urls) {
      pugi::xml_node s = n.append_child("SegmentURL");
      set(s, "media", u.media);
      set(s, "mediaRange", u.media_range);
      set(s, "index", u.index);
      set(s, "indexRange", u.index_range);
    }
  }
  if (info.segment_template) {
    const SegmentTemplate& t = *info.segment_template;
    pugi::xml_node n = parent.append_child("SegmentTemplate");
    set(n, "media", t.media);
    set(n, "index", t.index_template);
    set(n, "initialization", t.initialization_template);
    set(n, "bitstreamSwitching", t.bitstream_switching);
    write_multiple_segment_base(n, t);
  }
}

void write_common_attrs(pugi::xml_node& n, const CommonAttributes& c) {
  set(n, "profiles", c.profiles);
  set(n, "mimeType", c.mime_type);
  set(n, "codecs", c.codecs);
  set_int(n, "width", c.width);
  set_int(n, "height", c.height);
  set(n, "sar", c.sar);
  set(n, "frameRate", c.frame_rate);
  set(n, "audioSamplingRate", c.audio_sampling_rate);
  set_int(n, "startWithSAP", c.start_with_sap);
}

// RepresentationBaseType's child elements, in schema order.
void write_common_children(pugi::xml_node& n, const CommonAttributes& c) {
  write_descriptors(n, "AudioChannelConfiguration", c.audio_channel_configuration);
  write_descriptors(n, "ContentProtection", c.content_protection);
  write_descriptors(n, "EssentialProperty", c.essential_property);
  write_descriptors(n, "SupplementalProperty", c.supplemental_property);
  // Last in RepresentationBaseType's sequence of the children we write.
  for (const auto& p : c.producer_reference_times) {
    pugi::xml_node e = n.append_child("ProducerReferenceTime");
    set(e, "id", std::to_string(p.id));
    set(e, "inband", p.inband);
    set(e, "type", p.type);
    set(e, "wallClockTime", p.wall_clock_time);
    set(e, "presentationTime", std::to_string(p.presentation_time));
    if (p.utc_timing) write_descriptors(e, "UTCTiming", {*p.utc_timing});
  }
}

void write_service_description(pugi::xml_node& parent, const ServiceDescription& d) {
  pugi::xml_node n = parent.append_child("ServiceDescription");
  set_int(n, "id", d.id);
  if (d.latency_target_ms || d.latency_min_ms || d.latency_max_ms) {
    pugi::xml_node l = n.append_child("Latency");
    set_int(l, "target", d.latency_target_ms);
    set_int(l, "max", d.latency_max_ms);
    set_int(l, "min", d.latency_min_ms);
  }
  if (d.playback_rate_min || d.playback_rate_max) {
    pugi::xml_node r = n.append_child("PlaybackRate");
    set(r, "max", d.playback_rate_max);
    set(r, "min", d.playback_rate_min);
  }
}

void write_representation(pugi::xml_node& parent, const Representation& r) {
  pugi::xml_node n = parent.append_child("Representation");
  set(n, "id", r.id);
  set(n, "bandwidth", std::to_string(r.bandwidth));
  set_int(n, "qualityRanking", r.quality_ranking);
  set(n, "dependencyId", r.dependency_id);
  write_common_attrs(n, r.common);
  write_common_children(n, r.common);
  write_base_urls(n, r.base_urls);
  write_segment_info(n, r.segment_info);
}

void write_adaptation_set(pugi::xml_node& parent, const AdaptationSet& as) {
  pugi::xml_node n = parent.append_child("AdaptationSet");
  set_int(n, "id", as.id);
  set_int(n, "group", as.group);
  set(n, "contentType", as.content_type);
  set(n, "lang", as.lang);
  set(n, "par", as.par);
  set(n, "segmentAlignment", as.segment_alignment);
  set(n, "subsegmentAlignment", as.subsegment_alignment);
  set_int(n, "subsegmentStartsWithSAP", as.subsegment_starts_with_sap);
  set_int(n, "maxWidth", as.max_width);
  set_int(n, "maxHeight", as.max_height);
  set(n, "maxFrameRate", as.max_frame_rate);
  set(n, "bitstreamSwitching", as.bitstream_switching);
  write_common_attrs(n, as.common);
  write_common_children(n, as.common);
  write_descriptors(n, "Accessibility", as.accessibility);
  write_descriptors(n, "Role", as.roles);
  write_base_urls(n, as.base_urls);
  write_segment_info(n, as.segment_info);
  for (const auto& r : as.representations) write_representation(n, r);
}

void write_event_stream(pugi::xml_node& parent, const EventStream& es) {
  pugi::xml_node n = parent.append_child("EventStream");
  set(n, "schemeIdUri", es.scheme_id_uri);
  set(n, "value", es.value);
  set_int(n, "timescale", es.timescale);
  set_int(n, "presentationTimeOffset", es.presentation_time_offset);
  for (const auto& e : es.events) {
    pugi::xml_node en = n.append_child("Event");
    set_int(en, "presentationTime", std::optional<uint64_t>(e.presentation_time));
    set_int(en, "duration", e.duration);
    set_int(en, "id", e.id);
    set(en, "messageData", e.message_data);
    if (!e.text.empty()) en.text() = e.text.c_str();
  }
}

void write_period(pugi::xml_node& parent, const Period& p) {
  pugi::xml_node n = parent.append_child("Period");
  set(n, "id", p.id);
  set(n, "start", p.start);
  set(n, "duration", p.duration);
  set(n, "xlink:href", p.xlink_href);
  set(n, "xlink:actuate", p.xlink_actuate);
  write_base_urls(n, p.base_urls);
  write_segment_info(n, p.segment_info);
  for (const auto& es : p.event_streams) write_event_stream(n, es);
  for (const auto& as : p.adaptation_sets) write_adaptation_set(n, as);
}

}  // namespace

std::string format_byte_range(const ByteRange& r) {
  return std::to_string(r.first) + "-" + (r.last ? std::to_string(*r.last) : std::string());
}

std::string write_mpd(const Mpd& mpd) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node n = doc.append_child("MPD");
  n.append_attribute("xmlns") = kMpdNamespace;
  bool uses_xlink = false;
  for (const auto& p : mpd.periods) uses_xlink = uses_xlink || p.xlink_href || p.xlink_actuate;
  if (uses_xlink) n.append_attribute("xmlns:xlink") = kXlinkNamespace;
  if (uses_protection_extensions(mpd)) {
    n.append_attribute("xmlns:cenc") = kCencNamespace;
    n.append_attribute("xmlns:dashif") = kDashIfNamespace;
  }
  set(n, "id", mpd.id);
  set(n, "profiles", mpd.profiles);
  set(n, "type", mpd.type);
  set(n, "availabilityStartTime", mpd.availability_start_time);
  set(n, "publishTime", mpd.publish_time);
  set(n, "mediaPresentationDuration", mpd.media_presentation_duration);
  set(n, "minimumUpdatePeriod", mpd.minimum_update_period);
  set(n, "minBufferTime", std::optional<Duration>(mpd.min_buffer_time));
  set(n, "timeShiftBufferDepth", mpd.time_shift_buffer_depth);
  set(n, "suggestedPresentationDelay", mpd.suggested_presentation_delay);
  set(n, "maxSegmentDuration", mpd.max_segment_duration);
  if (mpd.title) n.append_child("ProgramInformation").append_child("Title").text() = mpd.title->c_str();
  write_base_urls(n, mpd.base_urls);
  for (const auto& location : mpd.locations) n.append_child("Location").text() = location.c_str();
  for (const auto& d : mpd.service_descriptions) write_service_description(n, d);
  if (const auto& cs = mpd.content_steering) {
    // Where ISO/IEC 23009-1 puts it: after BaseURL and Location, before Period.
    pugi::xml_node steering = n.append_child("ContentSteering");
    set(steering, "defaultServiceLocation", cs->default_service_location);
    set(steering, "queryBeforeStart", cs->query_before_start);
    set(steering, "proxyServerURL", cs->proxy_server_url);
    steering.text() = cs->server_url.c_str();
  }
  for (const auto& p : mpd.periods) write_period(n, p);
  write_descriptors(n, "UTCTiming", mpd.utc_timing);
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

Status write_mpd_file(const Mpd& mpd, const std::filesystem::path& path) {
  return write_file_atomic(path, write_mpd(mpd));
}

std::ostream& operator<<(std::ostream& os, const ByteRange& r) { return os << format_byte_range(r); }

std::ostream& operator<<(std::ostream& os, const Mpd& mpd) { return os << write_mpd(mpd); }

}  // namespace media
