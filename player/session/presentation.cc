#include "player/session/presentation.h"

#include <algorithm>
#include <unordered_map>

#include "media/isobmff/boxes.h"
#include "media/mpd/reader.h"
#include "media/url.h"
#include "player/av/decode_probe.h"
#include "player/av/segment_demuxer.h"
#include "player/session/live_presentation.h"
#include "player/session/periods.h"

namespace player {
namespace {

using media::ErrorCode;
using media::make_error;

// Role@value in the DASH role scheme (others are ignored).
constexpr const char* kRoleScheme = "urn:mpeg:dash:role:2011";
// Without a measurement, the video codecs in the order we measured them to
// decode at the same bitrate on one core (cheapest first; README "Codecs").
constexpr const char* kDecodeOrder[] = {"vp9", "h264", "av1", "hevc"};

std::string content_type_of(const media::AdaptationSet& set) {
  if (set.content_type) return *set.content_type;
  auto from_mime = [](const std::optional<std::string>& mime) -> std::string {
    if (!mime) return {};
    return mime->substr(0, mime->find('/'));
  };
  if (auto t = from_mime(set.common.mime_type); !t.empty()) return t == "application" ? "text" : t;
  for (const auto& r : set.representations)
    if (auto t = from_mime(r.common.mime_type); !t.empty()) return t == "application" ? "text" : t;
  return {};
}

std::optional<StreamKind> kind_of(const std::string& content_type) {
  if (content_type == "video") return StreamKind::kVideo;
  if (content_type == "audio") return StreamKind::kAudio;
  if (content_type == "text") return StreamKind::kText;
  return std::nullopt;
}

// Marks the reason a representation needs a key: a Period with one is
// refused as a whole rather than played without that track.
constexpr const char* kNeedsKey = "--key KID:KEY";

// Why encrypted content cannot be decrypted here, or empty when it can:
// libavformat decrypts Common Encryption with a key given on the command line.
std::string encryption_reason(const media::CommonAttributes& c) {
  if (c.content_protection.empty()) return {};
  std::optional<std::string> kid;
  for (const auto& d : c.content_protection)
    if (d.default_kid) kid = *d.default_kid;
  const std::string with_kid = kid ? ", KID " + *kid : "";
  if (!SegmentDemuxer::has_content_keys())
    return "it is encrypted (ContentProtection" + with_kid + "): give its key with " + kNeedsKey;
  if (kid && !SegmentDemuxer::has_key_for(*kid))
    return "it is encrypted with KID " + *kid + " and no " + kNeedsKey + " has that KID";
  return {};
}

// Why a representation cannot be played, or empty when it can.
std::string unplayable_reason(StreamKind kind, const media::ResolvedRepresentation& rr) {
  const auto& c = rr.common;
  if (auto why = encryption_reason(c); !why.empty()) return why;
  if (kind == StreamKind::kText) {
    if (!text_format_of(c.mime_type, c.codecs))
      return "subtitles '" + c.mime_type.value_or("?") + "' / '" + c.codecs.value_or("") +
             "' are neither WebVTT nor TTML";
    return {};
  }
  if (c.mime_type && c.mime_type->find("mp4") == std::string::npos)
    return "mimeType '" + *c.mime_type + "' is not fragmented MP4";
  if (c.codecs) {
    auto codec = codec_of(*c.codecs);
    if (!codec || !can_decode(*codec)) return "codecs '" + *c.codecs + "' cannot be decoded";
  }
  return {};
}

FetchRequest get_request(const std::string& url, const std::optional<media::ByteRange>& range, double timeout_ms) {
  FetchRequest req;
  req.url = url;
  req.range = range;
  req.timeout_ms = timeout_ms;
  return req;
}

// Fetches and applies the sidx of a SegmentBase representation.
media::Status load_sidx(Fetcher& fetcher, media::ResolvedRepresentation& rr) {
  if (rr.mode != media::AddressingMode::kSegmentBase || !rr.index) return {};
  auto res = fetcher.fetch(get_request(rr.index->url, rr.index->range, 10000));
  if (!res.ok()) return res.error().with_context("load sidx of '" + rr.representation->id + "'");
  const auto* data = reinterpret_cast<const uint8_t*>(res->body.data());
  auto boxes = media::read_boxes({data, res->body.size()}, rr.index->range ? rr.index->range->first : 0);
  if (!boxes.ok()) return boxes.error().with_context("sidx of '" + rr.representation->id + "'");
  auto sidx_box = media::find_box(*boxes, media::fourcc("sidx"));
  if (!sidx_box) return make_error(ErrorCode::kParse, "index range of '" + rr.representation->id + "' holds no sidx");
  auto sidx = media::parse_sidx(*sidx_box);
  if (!sidx.ok()) return sidx.error();
  return media::apply_sidx(rr, *sidx, sidx_box->end());
}

// The playable representations of one set; kUnsupported when there are none.
media::Result<StreamInfo> build_stream(Fetcher& fetcher, const Presentation& p, size_t period, size_t set_index,
                                       StreamKind kind, const PresentationOptions& options) {
  const media::AdaptationSet& set = p.mpd->periods[period].adaptation_sets[set_index];
  StreamInfo info;
  info.kind = kind;
  info.period = period;
  info.set_index = set_index;
  info.lang = set.lang.value_or("");
  for (const auto& role : set.roles)
    if (role.scheme_id_uri == kRoleScheme && role.value) info.roles.push_back(*role.value);
  std::string last_reason;
  for (size_t r = 0; r < set.representations.size(); ++r) {
    auto rr = media::resolve_representation(*p.mpd, period, set_index, r, p.mpd_url);
    if (!rr.ok()) return rr.error();
    if (auto why = unplayable_reason(kind, *rr); !why.empty()) {
      last_reason = "Representation '" + set.representations[r].id + "': " + why;
      continue;
    }
    for (const auto& extra : options.extra_base_urls)
      if (rr->base_urls.size() < media::kMaxBaseUrls) {
        rr->base_urls.push_back(media::resolve_url(p.mpd_url, extra));
        rr->service_locations.emplace_back();
      }
    DS_RETURN_IF_ERROR(load_sidx(fetcher, *rr));
    // A live encoder's first MPDs may list nothing yet for a stream (FFmpeg's
    // SegmentTimeline output does): its segments come with a refresh.
    if (rr->segments.empty() && !p.live)
      return make_error(ErrorCode::kParse, "Representation '" + set.representations[r].id + "' has no segments");
    info.representations.push_back(std::move(rr).value());
  }
  if (info.representations.empty()) return make_error(ErrorCode::kUnsupported, last_reason);
  std::stable_sort(info.representations.begin(), info.representations.end(), [](const auto& a, const auto& b) {
    return a.representation->bandwidth < b.representation->bandwidth;
  });
  const auto& lowest = info.representations.front().common;
  info.codecs = lowest.codecs.value_or("");
  if (kind == StreamKind::kText) info.text_format = text_format_of(lowest.mime_type, lowest.codecs);
  return info;
}

std::string family_of(const StreamInfo& s) {
  auto codec = codec_of(s.codecs);
  return codec ? codec->family : std::string();
}

// The rank of a video codec: the measured cost when the probe ran, else the
// static order; unknown codecs last.
double decode_rank(const Presentation& p, const std::string& family) {
  for (const auto& c : p.codec_costs)
    if (c.family == family) return c.cpu_ns_per_pixel;
  const double offset = p.codec_costs.empty() ? 0 : 1e12;  // measured ones first
  for (size_t i = 0; i < std::size(kDecodeOrder); ++i)
    if (family == kDecodeOrder[i]) return offset + static_cast<double>(i);
  return offset + 1e6;
}

// Moves the set to play into `period.video`: the forced codec, else the
// cheapest to decode; the others stay in other_video.
media::Status choose_video(const Presentation& p, PeriodStreams& period, const PresentationOptions& options) {
  if (period.video) period.other_video.push_back(std::move(*period.video));
  period.video.reset();
  auto& sets = period.other_video;
  if (sets.empty()) return {};
  size_t best = sets.size();
  for (size_t i = 0; i < sets.size(); ++i) {
    const std::string family = family_of(sets[i]);
    if (!options.codec.empty() && family != options.codec) continue;
    if (best == sets.size() || decode_rank(p, family) < decode_rank(p, family_of(sets[best]))) best = i;
  }
  if (best == sets.size())
    return make_error(ErrorCode::kUnsupported, "Period " + std::to_string(period.index) + " has no " + options.codec +
                                                   " video (--codec)");
  period.video = std::move(sets[best]);
  sets.erase(sets.begin() + static_cast<long>(best));
  // Keep the MPD order among the others, for --info.
  std::stable_sort(sets.begin(), sets.end(), [](const auto& a, const auto& b) { return a.set_index < b.set_index; });
  return {};
}

std::vector<MpdEvent> events_of(const media::Period& period, double period_start_s) {
  std::vector<MpdEvent> out;
  for (const auto& es : period.event_streams) {
    const double timescale = static_cast<double>(es.timescale.value_or(1));
    const double pto = static_cast<double>(es.presentation_time_offset.value_or(0));
    for (const auto& e : es.events) {
      MpdEvent m;
      m.start_s = period_start_s + (static_cast<double>(e.presentation_time) - pto) / timescale;
      m.duration_s = static_cast<double>(e.duration.value_or(0)) / timescale;
      m.scheme_id_uri = es.scheme_id_uri;
      m.value = es.value.value_or("");
      m.id = e.id;
      m.message = e.message_data.value_or(e.text);
      out.push_back(std::move(m));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start_s < b.start_s; });
  return out;
}

media::Result<PeriodStreams> build_period(Fetcher& fetcher, const Presentation& p, size_t index,
                                          const PresentationOptions& options) {
  const media::Period& mpd_period = p.mpd->periods[index];
  const std::string where = "Period " + std::to_string(index);
  if (mpd_period.xlink_href) return make_error(ErrorCode::kUnsupported, where + " is remote (xlink), which is not supported");
  auto timing = media::period_timing(*p.mpd, index);
  if (!timing.ok()) return timing.error();
  PeriodStreams period;
  period.index = index;
  period.id = mpd_period.id.value_or("");
  period.start_s = timing->start_s;
  period.duration_s = timing->duration_s;
  period.events = events_of(mpd_period, period.start_s);
  for (size_t i = 0; i < mpd_period.adaptation_sets.size(); ++i) {
    const std::string type = content_type_of(mpd_period.adaptation_sets[i]);
    const auto kind = kind_of(type);
    if (!kind) {
      period.skipped.push_back("AdaptationSet " + std::to_string(i) + " (" + (type.empty() ? "?" : type) +
                               "): not video, audio or text");
      continue;
    }
    auto s = build_stream(fetcher, p, index, i, *kind, options);
    if (!s.ok()) {
      if (s.error().code != ErrorCode::kUnsupported) return s.error();
      if (s.error().message.find(kNeedsKey) != std::string::npos)
        return make_error(ErrorCode::kUnsupported, where + ", AdaptationSet " + std::to_string(i) + " (" + type +
                                                       "), " + s.error().message);
      period.skipped.push_back("AdaptationSet " + std::to_string(i) + " (" + type + "): " + s.error().message);
      continue;
    }
    switch (*kind) {
      case StreamKind::kVideo: period.other_video.push_back(std::move(s).value()); break;
      case StreamKind::kAudio: period.audio.push_back(std::move(s).value()); break;
      case StreamKind::kText: period.text.push_back(std::move(s).value()); break;
    }
  }
  DS_RETURN_IF_ERROR(choose_video(p, period, options));
  if (!period.video && period.audio.empty()) {
    std::string reasons;
    for (const auto& why : period.skipped) reasons += (reasons.empty() ? " " : "; ") + why;
    if (reasons.empty()) reasons = " no video or audio AdaptationSet";
    return make_error(ErrorCode::kUnsupported, "no playable stream in " + where + ":" + reasons);
  }
  period.default_audio = choose_track(period.audio, {options.lang, options.audio_role}).value_or(0);
  return period;
}

void attach_metadata(const media::PresentationMetadata& meta_all, StreamInfo& s) {
  for (size_t r = 0; r < s.representations.size(); ++r) {
    const auto* meta = meta_all.find(s.representations[r].representation->id);
    if (meta == nullptr) continue;
    std::unordered_map<uint64_t, const media::SegmentMetadata*> by_number;
    for (const auto& m : meta->segments) by_number[m.number] = &m;
    for (const auto& seg : s.representations[r].segments) {
      auto it = by_number.find(seg.number);
      s.metadata[r].push_back(it == by_number.end() ? nullptr : it->second);
    }
  }
}

template <typename Visit>
void for_each_stream(Presentation& p, Visit&& visit) {
  for (auto& period : p.periods) player::for_each_stream(period, visit);
}

// Times the decoders of the video codecs on offer (when there is a choice)
// and chooses each Period's video set again by the measurement.
media::Status probe_codecs(Fetcher& fetcher, Presentation& p, const PresentationOptions& options) {
  std::vector<const StreamInfo*> firsts;  // the first set of each family
  auto consider = [&](const StreamInfo& s) {
    const std::string family = family_of(s);
    for (const auto* f : firsts)
      if (family_of(*f) == family) return;
    firsts.push_back(&s);
  };
  for (const auto& period : p.periods) {
    if (period.video) consider(*period.video);
    for (const auto& s : period.other_video) consider(s);
  }
  if (firsts.size() < 2 || !options.codec.empty()) return {};
  for (const auto* s : firsts) {
    const auto& rep = s->representations.front();
    std::string init;
    if (rep.initialization) {
      auto r = fetcher.fetch(get_request(rep.initialization->url, rep.initialization->range, 10000));
      if (!r.ok()) continue;
      init = std::move(r->body);
    }
    auto seg = fetcher.fetch(get_request(rep.segments.front().location.url, rep.segments.front().location.range, 10000));
    if (!seg.ok()) continue;
    auto cost = measure_decode_cost(init, seg->body);
    if (cost.ok()) p.codec_costs.push_back({family_of(*s), *cost});
    else p.warnings.push_back("decode probe of " + family_of(*s) + ": " + cost.error().message);
  }
  for (auto& period : p.periods) DS_RETURN_IF_ERROR(choose_video(p, period, options));
  return {};
}

}  // namespace

double StreamInfo::size_bytes(size_t rep, size_t index) const {
  if (rep < metadata.size() && index < metadata[rep].size() && metadata[rep][index] != nullptr)
    return static_cast<double>(metadata[rep][index]->size_bytes);
  return static_cast<double>(representations[rep].representation->bandwidth) * segment(rep, index).duration_s() / 8;
}

abr::RungTable StreamInfo::sizes_from(size_t index) const {
  const size_t rungs = bitrates_bps.size();
  if (rungs == 0 || index * rungs >= sizes_bytes.size()) return {{}, rungs};
  return {std::span<const double>(sizes_bytes).subspan(index * rungs), rungs};
}

abr::RungTable StreamInfo::quality_from(size_t index) const {
  const size_t rungs = bitrates_bps.size();
  if (rungs == 0 || index * rungs >= quality_db.size()) return {{}, rungs};
  return {std::span<const double>(quality_db).subspan(index * rungs), rungs};
}

std::string StreamInfo::label() const {
  std::string out = lang.empty() ? "und" : lang;
  for (const auto& r : roles) out += " " + r;
  if (!codecs.empty()) out += ", " + codecs;
  if (text_format) out += std::string(" (") + to_string(*text_format) + ")";
  return out;
}

bool StreamInfo::has_role(const std::string& role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

void build_rate_tables(StreamInfo& s) {
  const size_t rungs = s.representations.size();
  const size_t count = s.segment_count();
  s.bitrates_bps.clear();
  s.resolutions.clear();
  for (const auto& r : s.representations) {
    s.bitrates_bps.push_back(static_cast<double>(r.representation->bandwidth));
    if (r.common.width && r.common.height) s.resolutions.push_back({*r.common.width, *r.common.height});
  }
  if (s.resolutions.size() != rungs) s.resolutions.clear();
  s.sizes_bytes.assign(count * rungs, 0);
  s.quality_db.assign(count * rungs, 0);
  bool have_quality = count > 0;
  for (size_t k = 0; k < count; ++k)
    for (size_t r = 0; r < rungs; ++r) {
      s.sizes_bytes[k * rungs + r] = s.size_bytes(r, k);
      const media::SegmentMetadata* meta =
          r < s.metadata.size() && k < s.metadata[r].size() ? s.metadata[r][k] : nullptr;
      if (meta && meta->quality_db()) s.quality_db[k * rungs + r] = *meta->quality_db();
      else have_quality = false;
    }
  if (!have_quality) s.quality_db.clear();
}

size_t StreamInfo::segment_count() const {
  size_t n = representations.empty() ? 0 : representations.front().segments.size();
  for (const auto& r : representations) n = std::min(n, r.segments.size());
  return n;
}

const StreamInfo* PeriodStreams::stream(StreamKind kind) const {
  switch (kind) {
    case StreamKind::kVideo: return video ? &*video : nullptr;
    case StreamKind::kAudio: return audio.empty() ? nullptr : &audio[default_audio];
    case StreamKind::kText: return nullptr;  // subtitles are chosen by the session (--subs)
  }
  return nullptr;
}

const StreamInfo* Presentation::stream(StreamKind kind) const {
  return periods.empty() ? nullptr : periods.front().stream(kind);
}

StreamInfo* Presentation::stream(StreamKind kind) {
  return const_cast<StreamInfo*>(static_cast<const Presentation*>(this)->stream(kind));
}

media::Result<Presentation> build_presentation(Fetcher& fetcher, std::string mpd_text, const std::string& url,
                                               const PresentationOptions& options) {
  auto mpd = media::parse_mpd(mpd_text);
  if (!mpd.ok()) return mpd.error().with_context(url);
  Presentation p;
  p.mpd = std::make_unique<media::Mpd>(std::move(mpd).value());
  // <Location> says where the MPD lives: its relative URLs resolve against
  // that (as Shaka Player does), not against where this copy was found.
  p.mpd_url = p.mpd->locations.empty() ? url : media::resolve_url(url, p.mpd->locations.front());
  const double now_unix_s = unix_now_s(options.wall_clock_unix_s);
  if (p.mpd->is_dynamic())  // a live presentation grows on refresh (live_presentation.h)
    if (auto st = prepare_live_mpd(p, now_unix_s); !st.ok()) return st.error().with_context(url);
  for (size_t i = 0; i < p.mpd->periods.size(); ++i) {
    auto period = build_period(fetcher, p, i, options);
    if (!period.ok()) return period.error().with_context(url);
    p.periods.push_back(std::move(period).value());
  }
  p.duration_s = p.periods.back().end_s();
  if (p.live) finish_live_streams(p, now_unix_s);
  for_each_stream(p, [](StreamInfo& s) { build_rate_tables(s); });  // nominal sizes until segments.json
  return p;
}

media::Result<Presentation> load_presentation(Fetcher& fetcher, const std::string& url,
                                              const PresentationOptions& options) {
  FetchRequest request = get_request(url, std::nullopt, 10000);
  if (options.on_mpd_request) options.on_mpd_request(request);
  auto text = fetcher.fetch(request);
  if (!text.ok()) return text.error().with_context("load MPD");
  // A redirected MPD's relative URLs resolve against where it was found.
  const std::string& mpd_url = text->final_url.empty() ? url : text->final_url;
  auto p = build_presentation(fetcher, std::move(text->body), mpd_url, options);
  if (!p.ok()) return p.error();
  if (options.probe_decoders) DS_RETURN_IF_ERROR(probe_codecs(fetcher, *p, options));
  // segments.json names representations by id, which may repeat across Periods;
  // a live segments.json is stale as soon as it is read.
  if (options.load_metadata && p->periods.size() == 1 && !p->live) {
    std::string meta_url = media::resolve_url(p->mpd_url, "segments.json");
    auto meta_text = fetcher.fetch(get_request(meta_url, std::nullopt, 5000));
    if (meta_text.ok()) {
      auto meta = media::parse_segments_json(meta_text->body);
      if (meta.ok()) p->metadata = std::move(meta).value();
      else p->warnings.push_back(meta.error().message + " (ignored)");
    }
  }
  for_each_stream(*p, [&](StreamInfo& s) {
    s.metadata.assign(s.representations.size(), {});
    if (p->metadata) attach_metadata(*p->metadata, s);
    build_rate_tables(s);
  });
  return p;
}

}  // namespace player
