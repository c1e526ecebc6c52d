#include "media/mpd/reader.h"

#include <pugixml.hpp>
#include <string>

#include "media/file_io.h"
#include "media/mpd/duration.h"
#include "media/text.h"

namespace media {
namespace {

// Element names are matched without their namespace prefix.
std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

Error mpd_error(std::string_view element, std::string what) {
  return make_error(ErrorCode::kParse, "MPD: <" + std::string(element) + "> " + std::move(what));
}

// Attribute access that reports bad or missing values with element + attribute names.
class Attrs {
 public:
  explicit Attrs(const pugi::xml_node& node) : node_(node), element_(local_name(node)) {}

  std::optional<std::string> str(const char* name) const {
    pugi::xml_attribute a = node_.attribute(name);
    if (!a) return std::nullopt;
    return std::string(a.value());
  }

  Result<std::string> required_str(const char* name) const {
    auto v = str(name);
    if (!v) return mpd_error(element_, std::string("lacks @") + name);
    return *v;
  }

  Result<std::optional<uint64_t>> u64(const char* name) const {
    auto v = str(name);
    if (!v) return std::optional<uint64_t>();
    auto n = parse_uint64(trim(*v));
    if (!n) return bad(name, *v, "an unsigned integer");
    return std::optional<uint64_t>(*n);
  }

  Result<std::optional<uint32_t>> u32(const char* name) const {
    auto v = u64(name);
    if (!v.ok()) return v.error();
    if (!*v) return std::optional<uint32_t>();
    if (**v > 0xffffffffu) return bad(name, std::to_string(**v), "a 32-bit unsigned integer");
    return std::optional<uint32_t>(static_cast<uint32_t>(**v));
  }

  Result<std::optional<int64_t>> i64(const char* name) const {
    auto v = str(name);
    if (!v) return std::optional<int64_t>();
    auto n = parse_int64(trim(*v));
    if (!n) return bad(name, *v, "an integer");
    return std::optional<int64_t>(*n);
  }

  Result<std::optional<bool>> boolean(const char* name) const {
    auto v = str(name);
    if (!v) return std::optional<bool>();
    std::string_view t = trim(*v);
    if (t == "true" || t == "1") return std::optional<bool>(true);
    if (t == "false" || t == "0") return std::optional<bool>(false);
    return bad(name, *v, "a boolean");
  }

  Result<std::optional<double>> dbl(const char* name) const {
    auto v = str(name);
    if (!v) return std::optional<double>();
    auto d = parse_double(trim(*v));
    if (!d) return bad(name, *v, "a number");
    return std::optional<double>(*d);
  }

  Result<std::optional<Duration>> duration(const char* name) const {
    auto v = str(name);
    if (!v) return std::optional<Duration>();
    auto d = parse_iso8601_duration(*v);
    if (!d) return bad(name, *v, "an ISO 8601 duration");
    return std::optional<Duration>(*d);
  }

  Result<std::optional<ByteRange>> range(const char* name) const {
    auto v = str(name);
    if (!v) return std::optional<ByteRange>();
    auto r = parse_byte_range(*v);
    if (!r.ok()) return bad(name, *v, "a byte range 'first-last'");
    return std::optional<ByteRange>(*r);
  }

 private:
  Error bad(const char* name, const std::string& value, const char* expected) const {
    std::string shown = value.size() > 40 ? value.substr(0, 40) + "..." : value;
    return mpd_error(element_, std::string("@") + name + "='" + shown + "' is not " + expected);
  }

  const pugi::xml_node& node_;
  std::string_view element_;
};

// Assigns `out` from a Result<T>, returning early on error.
#define DS_ASSIGN(out, expr)                        \
  do {                                              \
    auto ds_r_ = (expr);                            \
    if (!ds_r_.ok()) return ds_r_.error();          \
    out = std::move(ds_r_).value();                 \
  } while (0)

template <typename F>
Status for_children(const pugi::xml_node& node, std::string_view name, F&& f) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && local_name(child) == name) {
      if (Status st = f(child); !st.ok()) return st;
    }
  }
  return {};
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node c : node.children())
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  return {};
}

Result<Descriptor> read_descriptor(const pugi::xml_node& node) {
  Attrs a(node);
  Descriptor d;
  DS_ASSIGN(d.scheme_id_uri, a.required_str("schemeIdUri"));
  d.value = a.str("value");
  d.id = a.str("id");
  // ContentProtection extensions, whatever prefix the document gives their namespaces.
  for (pugi::xml_attribute attr : node.attributes()) {
    const std::string_view name = attr.name();
    if (name.substr(name.find(':') == std::string_view::npos ? 0 : name.find(':') + 1) == "default_KID")
      d.default_kid = attr.value();
  }
  if (pugi::xml_node pssh = child(node, "pssh")) d.pssh = pssh.text().get();
  if (pugi::xml_node laurl = child(node, "laurl")) d.laurl = laurl.text().get();
  return d;
}

Status read_descriptors(const pugi::xml_node& node, std::string_view name, std::vector<Descriptor>& out) {
  return for_children(node, name, [&](const pugi::xml_node& c) -> Status {
    auto d = read_descriptor(c);
    if (!d.ok()) return d.error();
    out.push_back(std::move(d).value());
    return {};
  });
}

Status read_base_urls(const pugi::xml_node& node, std::vector<BaseUrl>& out) {
  return for_children(node, "BaseURL", [&](const pugi::xml_node& c) -> Status {
    Attrs a(c);
    BaseUrl b;
    b.url = std::string(trim(c.child_value()));
    b.service_location = a.str("serviceLocation");
    b.byte_range = a.str("byteRange");
    out.push_back(std::move(b));
    return {};
  });
}

Result<ContentSteering> read_content_steering(const pugi::xml_node& node) {
  Attrs a(node);
  ContentSteering cs;
  cs.server_url = std::string(trim(node.child_value()));
  if (cs.server_url.empty()) return mpd_error("ContentSteering", "has no steering server URL");
  cs.default_service_location = a.str("defaultServiceLocation");
  DS_ASSIGN(cs.query_before_start, a.boolean("queryBeforeStart"));
  cs.proxy_server_url = a.str("proxyServerURL");
  return cs;
}

Result<UrlRef> read_url_ref(const pugi::xml_node& node) {
  Attrs a(node);
  UrlRef u;
  u.source_url = a.str("sourceURL");
  DS_ASSIGN(u.range, a.range("range"));
  return u;
}

Status read_segment_base_fields(const pugi::xml_node& node, SegmentBase& sb) {
  Attrs a(node);
  DS_ASSIGN(sb.timescale, a.u64("timescale"));
  if (sb.timescale && *sb.timescale == 0) return mpd_error(local_name(node), "has @timescale='0'");
  DS_ASSIGN(sb.presentation_time_offset, a.u64("presentationTimeOffset"));
  DS_ASSIGN(sb.index_range, a.range("indexRange"));
  DS_ASSIGN(sb.index_range_exact, a.boolean("indexRangeExact"));
  DS_ASSIGN(sb.availability_time_offset_s, a.dbl("availabilityTimeOffset"));
  DS_ASSIGN(sb.availability_time_complete, a.boolean("availabilityTimeComplete"));
  if (pugi::xml_node init = child(node, "Initialization")) {
    UrlRef u;
    DS_ASSIGN(u, read_url_ref(init));
    sb.initialization = std::move(u);
  }
  if (pugi::xml_node idx = child(node, "RepresentationIndex")) {
    UrlRef u;
    DS_ASSIGN(u, read_url_ref(idx));
    sb.representation_index = std::move(u);
  }
  return {};
}

Status read_multiple_segment_base_fields(const pugi::xml_node& node, MultipleSegmentBase& msb) {
  DS_RETURN_IF_ERROR(read_segment_base_fields(node, msb));
  Attrs a(node);
  DS_ASSIGN(msb.duration, a.u64("duration"));
  DS_ASSIGN(msb.start_number, a.u64("startNumber"));
  DS_ASSIGN(msb.end_number, a.u64("endNumber"));
  if (pugi::xml_node tl = child(node, "SegmentTimeline")) {
    std::vector<TimelineEntry> entries;
    DS_RETURN_IF_ERROR(for_children(tl, "S", [&](const pugi::xml_node& s) -> Status {
      Attrs sa(s);
      TimelineEntry e;
      DS_ASSIGN(e.t, sa.u64("t"));
      std::optional<uint64_t> d;
      DS_ASSIGN(d, sa.u64("d"));
      if (!d) return mpd_error("S", "lacks @d");
      e.d = *d;
      std::optional<int64_t> r;
      DS_ASSIGN(r, sa.i64("r"));
      e.r = r.value_or(0);
      if (e.r < -1) return mpd_error("S", "has @r below -1");
      entries.push_back(e);
      return {};
    }));
    msb.timeline = std::move(entries);
  }
  return {};
}

Status read_segment_info(const pugi::xml_node& node, SegmentInfo& info) {
  if (pugi::xml_node n = child(node, "SegmentBase")) {
    SegmentBase sb;
    DS_RETURN_IF_ERROR(read_segment_base_fields(n, sb));
    info.segment_base = std::move(sb);
  }
  if (pugi::xml_node n = child(node, "SegmentList")) {
    SegmentList sl;
    DS_RETURN_IF_ERROR(read_multiple_segment_base_fields(n, sl));
    DS_RETURN_IF_ERROR(for_children(n, "SegmentURL", [&](const pugi::xml_node& su) -> Status {
      Attrs a(su);
      SegmentUrl u;
      u.media = a.str("media");
      DS_ASSIGN(u.media_range, a.range("mediaRange"));
      u.index = a.str("index");
      DS_ASSIGN(u.index_range, a.range("indexRange"));
      sl.segment_urls.push_back(std::move(u));
      return {};
    }));
    info.segment_list = std::move(sl);
  }
  if (pugi::xml_node n = child(node, "SegmentTemplate")) {
    SegmentTemplate st;
    DS_RETURN_IF_ERROR(read_multiple_segment_base_fields(n, st));
    Attrs a(n);
    st.media = a.str("media");
    st.index_template = a.str("index");
    st.initialization_template = a.str("initialization");
    st.bitstream_switching = a.str("bitstreamSwitching");
    info.segment_template = std::move(st);
  }
  return {};
}

Status read_common(const pugi::xml_node& node, CommonAttributes& c) {
  Attrs a(node);
  c.profiles = a.str("profiles");
  DS_ASSIGN(c.width, a.u32("width"));
  DS_ASSIGN(c.height, a.u32("height"));
  c.sar = a.str("sar");
  c.frame_rate = a.str("frameRate");
  c.audio_sampling_rate = a.str("audioSamplingRate");
  c.mime_type = a.str("mimeType");
  c.codecs = a.str("codecs");
  DS_ASSIGN(c.start_with_sap, a.u32("startWithSAP"));
  DS_RETURN_IF_ERROR(read_descriptors(node, "AudioChannelConfiguration", c.audio_channel_configuration));
  DS_RETURN_IF_ERROR(read_descriptors(node, "ContentProtection", c.content_protection));
  DS_RETURN_IF_ERROR(read_descriptors(node, "EssentialProperty", c.essential_property));
  DS_RETURN_IF_ERROR(read_descriptors(node, "SupplementalProperty", c.supplemental_property));
  return for_children(node, "ProducerReferenceTime", [&](const pugi::xml_node& e) -> Status {
    Attrs pa(e);
    ProducerReferenceTime p;
    std::optional<uint32_t> id;
    DS_ASSIGN(id, pa.u32("id"));
    if (!id) return mpd_error("ProducerReferenceTime", "lacks @id");
    p.id = *id;
    DS_ASSIGN(p.inband, pa.boolean("inband"));
    p.type = pa.str("type");
    DS_ASSIGN(p.wall_clock_time, pa.required_str("wallClockTime"));
    std::optional<uint64_t> t;
    DS_ASSIGN(t, pa.u64("presentationTime"));
    if (!t) return mpd_error("ProducerReferenceTime", "lacks @presentationTime");
    p.presentation_time = *t;
    if (pugi::xml_node u = child(e, "UTCTiming")) {
      auto d = read_descriptor(u);
      if (!d.ok()) return d.error();
      p.utc_timing = std::move(d).value();
    }
    c.producer_reference_times.push_back(std::move(p));
    return {};
  });
}

Result<ServiceDescription> read_service_description(const pugi::xml_node& node) {
  Attrs a(node);
  ServiceDescription d;
  DS_ASSIGN(d.id, a.u32("id"));
  if (pugi::xml_node l = child(node, "Latency")) {
    Attrs la(l);
    DS_ASSIGN(d.latency_target_ms, la.u32("target"));
    DS_ASSIGN(d.latency_min_ms, la.u32("min"));
    DS_ASSIGN(d.latency_max_ms, la.u32("max"));
  }
  if (pugi::xml_node r = child(node, "PlaybackRate")) {
    Attrs ra(r);
    DS_ASSIGN(d.playback_rate_min, ra.dbl("min"));
    DS_ASSIGN(d.playback_rate_max, ra.dbl("max"));
  }
  return d;
}

Result<Representation> read_representation(const pugi::xml_node& node) {
  Attrs a(node);
  Representation r;
  DS_ASSIGN(r.id, a.required_str("id"));
  std::optional<uint64_t> bw;
  DS_ASSIGN(bw, a.u64("bandwidth"));
  if (!bw) return mpd_error("Representation", "lacks @bandwidth");
  r.bandwidth = *bw;
  DS_ASSIGN(r.quality_ranking, a.u32("qualityRanking"));
  r.dependency_id = a.str("dependencyId");
  DS_RETURN_IF_ERROR(read_common(node, r.common));
  DS_RETURN_IF_ERROR(read_base_urls(node, r.base_urls));
  DS_RETURN_IF_ERROR(read_segment_info(node, r.segment_info));
  return r;
}

Result<AdaptationSet> read_adaptation_set(const pugi::xml_node& node) {
  Attrs a(node);
  AdaptationSet as;
  DS_ASSIGN(as.id, a.u32("id"));
  DS_ASSIGN(as.group, a.u32("group"));
  as.lang = a.str("lang");
  as.content_type = a.str("contentType");
  as.par = a.str("par");
  DS_ASSIGN(as.segment_alignment, a.boolean("segmentAlignment"));
  DS_ASSIGN(as.subsegment_alignment, a.boolean("subsegmentAlignment"));
  DS_ASSIGN(as.subsegment_starts_with_sap, a.u32("subsegmentStartsWithSAP"));
  DS_ASSIGN(as.max_width, a.u32("maxWidth"));
  DS_ASSIGN(as.max_height, a.u32("maxHeight"));
  as.max_frame_rate = a.str("maxFrameRate");
  DS_ASSIGN(as.bitstream_switching, a.boolean("bitstreamSwitching"));
  DS_RETURN_IF_ERROR(read_common(node, as.common));
  DS_RETURN_IF_ERROR(read_descriptors(node, "Accessibility", as.accessibility));
  DS_RETURN_IF_ERROR(read_descriptors(node, "Role", as.roles));
  DS_RETURN_IF_ERROR(read_base_urls(node, as.base_urls));
  DS_RETURN_IF_ERROR(read_segment_info(node, as.segment_info));
  DS_RETURN_IF_ERROR(for_children(node, "Representation", [&](const pugi::xml_node& c) -> Status {
    auto r = read_representation(c);
    if (!r.ok()) return r.error();
    as.representations.push_back(std::move(r).value());
    return {};
  }));
  return as;
}

Result<EventStream> read_event_stream(const pugi::xml_node& node) {
  Attrs a(node);
  EventStream es;
  DS_ASSIGN(es.scheme_id_uri, a.required_str("schemeIdUri"));
  es.value = a.str("value");
  DS_ASSIGN(es.timescale, a.u64("timescale"));
  if (es.timescale && *es.timescale == 0) return mpd_error("EventStream", "@timescale is 0");
  DS_ASSIGN(es.presentation_time_offset, a.u64("presentationTimeOffset"));
  DS_RETURN_IF_ERROR(for_children(node, "Event", [&](const pugi::xml_node& c) -> Status {
    Attrs ea(c);
    Event e;
    std::optional<uint64_t> t;
    DS_ASSIGN(t, ea.u64("presentationTime"));
    e.presentation_time = t.value_or(0);
    DS_ASSIGN(e.duration, ea.u64("duration"));
    DS_ASSIGN(e.id, ea.u64("id"));
    e.message_data = ea.str("messageData");
    e.text = std::string(trim(c.child_value()));
    es.events.push_back(std::move(e));
    return {};
  }));
  return es;
}

Result<Period> read_period(const pugi::xml_node& node) {
  Attrs a(node);
  Period p;
  p.id = a.str("id");
  DS_ASSIGN(p.start, a.duration("start"));
  DS_ASSIGN(p.duration, a.duration("duration"));
  p.xlink_href = a.str("xlink:href");
  p.xlink_actuate = a.str("xlink:actuate");
  DS_RETURN_IF_ERROR(read_base_urls(node, p.base_urls));
  DS_RETURN_IF_ERROR(read_segment_info(node, p.segment_info));
  DS_RETURN_IF_ERROR(for_children(node, "EventStream", [&](const pugi::xml_node& c) -> Status {
    auto es = read_event_stream(c);
    if (!es.ok()) return es.error();
    p.event_streams.push_back(std::move(es).value());
    return {};
  }));
  DS_RETURN_IF_ERROR(for_children(node, "AdaptationSet", [&](const pugi::xml_node& c) -> Status {
    auto as = read_adaptation_set(c);
    if (!as.ok()) return as.error();
    p.adaptation_sets.push_back(std::move(as).value());
    return {};
  }));
  return p;
}

Result<Mpd> read_mpd_root(const pugi::xml_node& node) {
  Attrs a(node);
  Mpd mpd;
  mpd.id = a.str("id");
  DS_ASSIGN(mpd.profiles, a.required_str("profiles"));
  mpd.type = a.str("type");
  if (mpd.type && *mpd.type != "static" && *mpd.type != "dynamic")
    return mpd_error("MPD", "@type='" + *mpd.type + "' is neither static nor dynamic");
  mpd.availability_start_time = a.str("availabilityStartTime");
  mpd.publish_time = a.str("publishTime");
  DS_ASSIGN(mpd.media_presentation_duration, a.duration("mediaPresentationDuration"));
  DS_ASSIGN(mpd.minimum_update_period, a.duration("minimumUpdatePeriod"));
  std::optional<Duration> mbt;
  DS_ASSIGN(mbt, a.duration("minBufferTime"));
  if (!mbt) return mpd_error("MPD", "lacks @minBufferTime");
  mpd.min_buffer_time = *mbt;
  DS_ASSIGN(mpd.time_shift_buffer_depth, a.duration("timeShiftBufferDepth"));
  DS_ASSIGN(mpd.suggested_presentation_delay, a.duration("suggestedPresentationDelay"));
  DS_ASSIGN(mpd.max_segment_duration, a.duration("maxSegmentDuration"));
  if (pugi::xml_node info = child(node, "ProgramInformation")) {
    if (pugi::xml_node title = child(info, "Title")) mpd.title = std::string(title.child_value());
  }
  DS_RETURN_IF_ERROR(read_base_urls(node, mpd.base_urls));
  DS_RETURN_IF_ERROR(for_children(node, "Location", [&](const pugi::xml_node& c) -> Status {
    mpd.locations.emplace_back(trim(c.child_value()));
    return {};
  }));
  DS_RETURN_IF_ERROR(for_children(node, "ServiceDescription", [&](const pugi::xml_node& c) -> Status {
    auto d = read_service_description(c);
    if (!d.ok()) return d.error();
    mpd.service_descriptions.push_back(std::move(d).value());
    return {};
  }));
  if (pugi::xml_node steering = child(node, "ContentSteering")) {
    auto cs = read_content_steering(steering);
    if (!cs.ok()) return cs.error();
    mpd.content_steering = std::move(*cs);
  }
  DS_RETURN_IF_ERROR(for_children(node, "Period", [&](const pugi::xml_node& c) -> Status {
    auto p = read_period(c);
    if (!p.ok()) return p.error();
    mpd.periods.push_back(std::move(p).value());
    return {};
  }));
  if (mpd.periods.empty()) return mpd_error("MPD", "has no <Period>");
  DS_RETURN_IF_ERROR(read_descriptors(node, "UTCTiming", mpd.utc_timing));
  return mpd;
}

}  // namespace

Result<ByteRange> parse_byte_range(std::string_view text) {
  text = trim(text);
  size_t dash = text.find('-');
  auto first = parse_uint64(text.substr(0, dash));
  if (!first) return make_error(ErrorCode::kParse, "byte range '" + std::string(text) + "': bad first byte");
  ByteRange r{*first, std::nullopt};
  if (dash != std::string_view::npos && dash + 1 < text.size()) {
    auto last = parse_uint64(text.substr(dash + 1));
    if (!last || *last < *first)
      return make_error(ErrorCode::kParse, "byte range '" + std::string(text) + "': bad last byte");
    r.last = *last;
  }
  return r;
}

Result<Mpd> parse_mpd(std::string_view xml) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed)
    return make_error(ErrorCode::kParse, std::string("MPD: XML error at byte ") +
                                             std::to_string(parsed.offset) + ": " + parsed.description());
  pugi::xml_node root = doc.document_element();
  if (!root || local_name(root) != "MPD")
    return make_error(ErrorCode::kParse, "MPD: root element is <" + std::string(root ? root.name() : "") +
                                             ">, not <MPD>");
  return read_mpd_root(root);
}

Result<Mpd> read_mpd_file(const std::filesystem::path& path) {
  auto text = read_file(path, 64u << 20);
  if (!text.ok()) return text.error();
  auto mpd = parse_mpd(*text);
  if (!mpd.ok()) return mpd.error().with_context("read '" + path.string() + "'");
  return mpd;
}

}  // namespace media
