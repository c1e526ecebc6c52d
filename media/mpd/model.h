// The MPD model: plain structs that mirror the parts of ISO/IEC 23009-1 that
// dashstream reads and writes. Attributes absent from the XML stay
// std::nullopt, so a read-then-write round trip keeps the document's shape;
// inheritance (MPD → Period → AdaptationSet → Representation) is resolved by
// media/mpd/segments.h, not here. Elements we do not model are dropped.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace media {

// xs:duration, kept to the microsecond.
using Duration = std::chrono::microseconds;

// An RFC 7233 byte range "first-last" (inclusive). `last` is absent for "first-".
struct ByteRange {
  uint64_t first = 0;
  std::optional<uint64_t> last;

  std::optional<uint64_t> length() const {
    return last ? std::optional<uint64_t>(*last - first + 1) : std::nullopt;
  }
  bool operator==(const ByteRange&) const = default;
};

// DescriptorType: Role, AudioChannelConfiguration, Essential/SupplementalProperty, ...
struct Descriptor {
  std::string scheme_id_uri;  // required
  std::optional<std::string> value;
  std::optional<std::string> id;
  // ContentProtection extensions (DASH-IF IOP 7): @cenc:default_KID (a UUID),
  // <cenc:pssh> (base64 pssh box), <dashif:laurl> (license server URL).
  std::optional<std::string> default_kid;
  std::optional<std::string> pssh;
  std::optional<std::string> laurl;
  bool operator==(const Descriptor&) const = default;
};

struct BaseUrl {
  std::string url;
  std::optional<std::string> service_location;
  std::optional<std::string> byte_range;
  bool operator==(const BaseUrl&) const = default;
};

// <ContentSteering> (DASH-IF Content Steering 1.0): the steering server that
// orders the presentation's pathways, which are the BaseURLs' serviceLocation.
struct ContentSteering {
  std::string server_url;                               // element text (required): the steering manifest
  std::optional<std::string> default_service_location;  // pathway(s) to use before the first answer
  std::optional<bool> query_before_start;               // ask the server before the first segment
  std::optional<std::string> proxy_server_url;
  bool operator==(const ContentSteering&) const = default;
};

// URLType: <Initialization>, <RepresentationIndex>.
struct UrlRef {
  std::optional<std::string> source_url;
  std::optional<ByteRange> range;
  bool operator==(const UrlRef&) const = default;
};

// One <S> of a SegmentTimeline. r = -1 repeats until the next S@t or the end
// of the Period.
struct TimelineEntry {
  std::optional<uint64_t> t;
  uint64_t d = 0;  // required
  int64_t r = 0;
  bool operator==(const TimelineEntry&) const = default;
};

struct SegmentBase {
  std::optional<uint64_t> timescale;
  std::optional<uint64_t> presentation_time_offset;
  std::optional<ByteRange> index_range;
  std::optional<bool> index_range_exact;
  // Low latency: a segment may be fetched this many seconds before its end
  // (chunks are sent while it grows); complete=false says it is still growing then.
  std::optional<double> availability_time_offset_s;
  std::optional<bool> availability_time_complete;
  std::optional<UrlRef> initialization;
  std::optional<UrlRef> representation_index;
  bool operator==(const SegmentBase&) const = default;
};

struct MultipleSegmentBase : SegmentBase {
  std::optional<uint64_t> duration;  // in timescale ticks
  std::optional<uint64_t> start_number;
  std::optional<uint64_t> end_number;
  std::optional<std::vector<TimelineEntry>> timeline;
  bool operator==(const MultipleSegmentBase&) const = default;
};

struct SegmentUrl {
  std::optional<std::string> media;
  std::optional<ByteRange> media_range;
  std::optional<std::string> index;
  std::optional<ByteRange> index_range;
  bool operator==(const SegmentUrl&) const = default;
};

struct SegmentList : MultipleSegmentBase {
  std::vector<SegmentUrl> segment_urls;
  bool operator==(const SegmentList&) const = default;
};

// @initialization and @index are named *_template here because
// SegmentBase::initialization is the <Initialization> child element.
struct SegmentTemplate : MultipleSegmentBase {
  std::optional<std::string> media;
  std::optional<std::string> index_template;
  std::optional<std::string> initialization_template;
  std::optional<std::string> bitstream_switching;
  bool operator==(const SegmentTemplate&) const = default;
};

// The three ways of addressing segments; any level may carry them.
struct SegmentInfo {
  std::optional<SegmentBase> segment_base;
  std::optional<SegmentList> segment_list;
  std::optional<SegmentTemplate> segment_template;
  bool operator==(const SegmentInfo&) const = default;
};

// <ProducerReferenceTime> (5.12): the wall-clock time of one presentation
// time; inband=true says every segment carries `prft` boxes with more.
struct ProducerReferenceTime {
  uint32_t id = 0;                  // required
  std::optional<bool> inband;
  std::optional<std::string> type;  // "encoder", "captured", "application"
  std::string wall_clock_time;      // required; xs:dateTime here
  uint64_t presentation_time = 0;   // required; in the segments' timescale
  std::optional<Descriptor> utc_timing;  // says wallClockTime's format (xs:dateTime here; NTP without it)
  bool operator==(const ProducerReferenceTime&) const = default;
};

// RepresentationBaseType: attributes and descriptors shared by AdaptationSet
// and Representation (a Representation inherits those it lacks).
struct CommonAttributes {
  std::optional<std::string> profiles;
  std::optional<uint32_t> width;
  std::optional<uint32_t> height;
  std::optional<std::string> sar;         // "1:1"
  std::optional<std::string> frame_rate;  // "30000/1001" or "25"
  std::optional<std::string> audio_sampling_rate;
  std::optional<std::string> mime_type;
  std::optional<std::string> codecs;
  std::optional<uint32_t> start_with_sap;
  std::vector<Descriptor> audio_channel_configuration;
  std::vector<Descriptor> content_protection;
  std::vector<Descriptor> essential_property;
  std::vector<Descriptor> supplemental_property;
  std::vector<ProducerReferenceTime> producer_reference_times;
  bool operator==(const CommonAttributes&) const = default;
};

struct Representation {
  std::string id;          // required
  uint64_t bandwidth = 0;  // required, bit/s
  std::optional<uint32_t> quality_ranking;
  std::optional<std::string> dependency_id;
  CommonAttributes common;
  std::vector<BaseUrl> base_urls;
  SegmentInfo segment_info;
  bool operator==(const Representation&) const = default;
};

struct AdaptationSet {
  std::optional<uint32_t> id;
  std::optional<uint32_t> group;
  std::optional<std::string> lang;
  std::optional<std::string> content_type;  // "video", "audio", "text"
  std::optional<std::string> par;           // picture aspect ratio "16:9"
  std::optional<bool> segment_alignment;
  std::optional<bool> subsegment_alignment;
  std::optional<uint32_t> subsegment_starts_with_sap;
  std::optional<uint32_t> max_width;
  std::optional<uint32_t> max_height;
  std::optional<std::string> max_frame_rate;
  std::optional<bool> bitstream_switching;
  CommonAttributes common;
  std::vector<Descriptor> accessibility;
  std::vector<Descriptor> roles;
  std::vector<BaseUrl> base_urls;
  SegmentInfo segment_info;
  std::vector<Representation> representations;
  bool operator==(const AdaptationSet&) const = default;
};

// <Event> of an <EventStream>: timed in the stream's timescale, relative to
// the Period start minus the stream's presentationTimeOffset.
struct Event {
  uint64_t presentation_time = 0;
  std::optional<uint64_t> duration;
  std::optional<uint64_t> id;
  std::optional<std::string> message_data;  // @messageData
  std::string text;                         // the element's text content
  bool operator==(const Event&) const = default;
};

// <EventStream>: MPD events of one scheme in a Period (ad markers, chapters, ...).
struct EventStream {
  std::string scheme_id_uri;  // required
  std::optional<std::string> value;
  std::optional<uint64_t> timescale;  // default 1
  std::optional<uint64_t> presentation_time_offset;
  std::vector<Event> events;
  bool operator==(const EventStream&) const = default;
};

struct Period {
  std::optional<std::string> id;
  std::optional<Duration> start;
  std::optional<Duration> duration;
  std::optional<std::string> xlink_href;  // remote Period, not resolved here
  std::optional<std::string> xlink_actuate;
  std::vector<BaseUrl> base_urls;
  SegmentInfo segment_info;
  std::vector<EventStream> event_streams;
  std::vector<AdaptationSet> adaptation_sets;
  bool operator==(const Period&) const = default;
};

// <ServiceDescription> (Annex K): what the service wants from a low-latency
// player: its target latency and the playback rates it may use to hold it.
struct ServiceDescription {
  std::optional<uint32_t> id;
  std::optional<uint32_t> latency_target_ms;  // <Latency @target @min @max>
  std::optional<uint32_t> latency_min_ms;
  std::optional<uint32_t> latency_max_ms;
  std::optional<double> playback_rate_min;    // <PlaybackRate @min @max>
  std::optional<double> playback_rate_max;
  bool operator==(const ServiceDescription&) const = default;
};

struct Mpd {
  std::optional<std::string> id;
  std::string profiles;  // required
  std::optional<std::string> type;  // "static" (default) or "dynamic"
  std::optional<std::string> availability_start_time;
  std::optional<std::string> publish_time;
  std::optional<Duration> media_presentation_duration;
  std::optional<Duration> minimum_update_period;
  Duration min_buffer_time{0};  // required
  std::optional<Duration> time_shift_buffer_depth;
  std::optional<Duration> suggested_presentation_delay;
  std::optional<Duration> max_segment_duration;
  std::optional<std::string> title;  // ProgramInformation/Title
  std::vector<BaseUrl> base_urls;
  std::vector<std::string> locations;  // <Location>: where the MPD is available
  std::vector<ServiceDescription> service_descriptions;
  std::optional<ContentSteering> content_steering;
  std::vector<Period> periods;
  std::vector<Descriptor> utc_timing;
  bool operator==(const Mpd&) const = default;

  bool is_dynamic() const { return type && *type == "dynamic"; }
};

// Readable dumps for test failures.
std::ostream& operator<<(std::ostream& os, const ByteRange& r);
std::ostream& operator<<(std::ostream& os, const Mpd& mpd);

}  // namespace media
