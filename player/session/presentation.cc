#include "player/session/presentation.h"

#include <algorithm>
#include <sstream>
#include <unordered_map>

#include "media/isobmff/boxes.h"
#include "media/mpd/reader.h"
#include "media/url.h"
#include "player/session/live_presentation.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

namespace player {
namespace {

using media::ErrorCode;
using media::make_error;

std::string content_type_of(const media::AdaptationSet& set) {
  if (set.content_type) return *set.content_type;
  auto from_mime = [](const std::optional<std::string>& mime) -> std::string {
    if (!mime) return {};
    return mime->substr(0, mime->find('/'));
  };
  if (auto t = from_mime(set.common.mime_type); !t.empty()) return t;
  for (const auto& r : set.representations)
    if (auto t = from_mime(r.common.mime_type); !t.empty()) return t;
  return {};
}

// The FFmpeg codec for an RFC 6381 codecs string, if we can decode it.
AVCodecID codec_id_for(const std::string& codecs) {
  std::string fourcc = codecs.substr(0, codecs.find('.'));
  if (fourcc == "avc1" || fourcc == "avc3") return AV_CODEC_ID_H264;
  if (fourcc == "hev1" || fourcc == "hvc1") return AV_CODEC_ID_HEVC;
  if (fourcc == "vp09") return AV_CODEC_ID_VP9;
  if (fourcc == "av01") return AV_CODEC_ID_AV1;
  if (fourcc == "mp4a") return AV_CODEC_ID_AAC;
  if (fourcc == "opus" || fourcc == "Opus") return AV_CODEC_ID_OPUS;
  if (fourcc == "ac-3") return AV_CODEC_ID_AC3;
  if (fourcc == "ec-3") return AV_CODEC_ID_EAC3;
  if (fourcc == "fLaC") return AV_CODEC_ID_FLAC;
  return AV_CODEC_ID_NONE;
}

// Why a representation cannot be played, or empty when it can.
std::string unplayable_reason(const media::ResolvedRepresentation& rr) {
  const auto& c = rr.common;
  if (c.mime_type && c.mime_type->find("mp4") == std::string::npos)
    return "mimeType '" + *c.mime_type + "' is not fragmented MP4";
  if (c.codecs) {
    AVCodecID id = codec_id_for(*c.codecs);
    if (id == AV_CODEC_ID_NONE || avcodec_find_decoder(id) == nullptr)
      return "codecs '" + *c.codecs + "' cannot be decoded";
  }
  if (!c.content_protection.empty()) return "it is encrypted (ContentProtection)";
  return {};
}

// Fetches and applies the sidx of a SegmentBase representation.
media::Status load_sidx(Fetcher& fetcher, media::ResolvedRepresentation& rr) {
  if (rr.mode != media::AddressingMode::kSegmentBase || !rr.index) return {};
  FetchRequest req{rr.index->url, rr.index->range, {}, 10000};
  auto res = fetcher.fetch(req);
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

media::Result<StreamInfo> build_stream(Fetcher& fetcher, const Presentation& p, size_t set_index, StreamKind kind,
                                       const PresentationOptions& options) {
  const media::AdaptationSet& set = p.mpd->periods[0].adaptation_sets[set_index];
  StreamInfo info;
  info.kind = kind;
  info.set_index = set_index;
  std::string last_reason;
  for (size_t r = 0; r < set.representations.size(); ++r) {
    auto rr = media::resolve_representation(*p.mpd, 0, set_index, r, p.mpd_url);
    if (!rr.ok()) return rr.error();
    if (auto why = unplayable_reason(*rr); !why.empty()) {
      last_reason = "Representation '" + set.representations[r].id + "': " + why;
      continue;
    }
    for (const auto& extra : options.extra_base_urls)
      if (rr->base_urls.size() < media::kMaxBaseUrls) rr->base_urls.push_back(media::resolve_url(p.mpd_url, extra));
    DS_RETURN_IF_ERROR(load_sidx(fetcher, *rr));
    if (rr->segments.empty()) return make_error(ErrorCode::kParse, "Representation '" + set.representations[r].id + "' has no segments");
    info.representations.push_back(std::move(rr).value());
  }
  if (info.representations.empty()) return make_error(ErrorCode::kUnsupported, last_reason);
  std::stable_sort(info.representations.begin(), info.representations.end(), [](const auto& a, const auto& b) {
    return a.representation->bandwidth < b.representation->bandwidth;
  });
  return info;
}

void attach_metadata(Presentation& p, StreamInfo& s) {
  s.metadata.assign(s.representations.size(), {});
  if (!p.metadata) return;
  for (size_t r = 0; r < s.representations.size(); ++r) {
    const auto* meta = p.metadata->find(s.representations[r].representation->id);
    if (meta == nullptr) continue;
    std::unordered_map<uint64_t, const media::SegmentMetadata*> by_number;
    for (const auto& m : meta->segments) by_number[m.number] = &m;
    for (const auto& seg : s.representations[r].segments) {
      auto it = by_number.find(seg.number);
      s.metadata[r].push_back(it == by_number.end() ? nullptr : it->second);
    }
  }
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

media::Result<Presentation> build_presentation(Fetcher& fetcher, std::string mpd_text, const std::string& url,
                                               const PresentationOptions& options) {
  auto mpd = media::parse_mpd(mpd_text);
  if (!mpd.ok()) return mpd.error().with_context(url);
  Presentation p;
  p.mpd_url = url;
  p.mpd = std::make_unique<media::Mpd>(std::move(mpd).value());
  const double now_unix_s = unix_now_s(options.wall_clock_unix_s);
  if (p.mpd->is_dynamic())
    if (auto st = prepare_live_mpd(p, now_unix_s); !st.ok()) return st.error().with_context(url);
  if (p.mpd->periods.size() > 1) p.warnings.push_back("MPD has " + std::to_string(p.mpd->periods.size()) + " periods; playing the first");
  if (p.mpd->periods[0].xlink_href) return make_error(ErrorCode::kUnsupported, url + ": remote (xlink) Periods are not supported");
  auto timing = media::period_timing(*p.mpd, 0);
  if (!timing.ok()) return timing.error().with_context(url);
  p.duration_s = timing->duration_s;

  const auto& sets = p.mpd->periods[0].adaptation_sets;
  std::optional<size_t> video_set, audio_set;
  for (size_t i = 0; i < sets.size(); ++i) {
    std::string type = content_type_of(sets[i]);
    if (type == "video" && !video_set) video_set = i;
    if (type == "audio") {
      bool lang_match = !options.lang.empty() && sets[i].lang && *sets[i].lang == options.lang;
      if (!audio_set || (lang_match && !(sets[*audio_set].lang && *sets[*audio_set].lang == options.lang)))
        audio_set = i;
    }
  }
  std::string reasons;
  if (video_set) {
    auto s = build_stream(fetcher, p, *video_set, StreamKind::kVideo, options);
    if (s.ok()) p.video = std::move(s).value();
    else if (s.error().code == ErrorCode::kUnsupported) reasons += " video: " + s.error().message + ";";
    else return s.error().with_context(url);
  }
  if (audio_set) {
    auto s = build_stream(fetcher, p, *audio_set, StreamKind::kAudio, options);
    if (s.ok()) p.audio = std::move(s).value();
    else if (s.error().code == ErrorCode::kUnsupported) reasons += " audio: " + s.error().message + ";";
    else return s.error().with_context(url);
  }
  if (!p.video && !p.audio) {
    if (reasons.empty()) reasons = " no video or audio AdaptationSet";
    reasons.pop_back();
    return make_error(ErrorCode::kUnsupported, url + ": no playable stream:" + reasons);
  }
  if (p.live) finish_live_streams(p, now_unix_s);
  return p;
}

media::Result<Presentation> load_presentation(Fetcher& fetcher, const std::string& url,
                                              const PresentationOptions& options) {
  auto text = fetcher.fetch(FetchRequest{url, std::nullopt, {}, 10000});
  if (!text.ok()) return text.error().with_context("load MPD");
  auto p = build_presentation(fetcher, std::move(text->body), url, options);
  if (!p.ok()) return p.error();
  if (options.load_metadata && !p->live) {  // a live segments.json is stale as soon as it is read
    std::string meta_url = media::resolve_url(url, "segments.json");
    auto meta_text = fetcher.fetch(FetchRequest{meta_url, std::nullopt, {}, 5000});
    if (meta_text.ok()) {
      auto meta = media::parse_segments_json(meta_text->body);
      if (meta.ok()) p->metadata = std::move(meta).value();
      else p->warnings.push_back(meta.error().message + " (ignored)");
    }
  }
  for (auto* s : {p->video ? &*p->video : nullptr, p->audio ? &*p->audio : nullptr}) {
    if (s == nullptr) continue;
    attach_metadata(*p, *s);
    build_rate_tables(*s);
  }
  return p;
}

std::string describe(const Presentation& p) {
  std::ostringstream out;
  const media::Mpd& mpd = *p.mpd;
  out << "MPD " << p.mpd_url << "\n";
  out << "  type " << mpd.type.value_or("static") << ", duration " << p.duration_s << " s, profiles "
      << mpd.profiles << ", " << mpd.periods.size() << " period(s)\n";
  for (size_t pi = 0; pi < mpd.periods.size(); ++pi) {
    const auto& period = mpd.periods[pi];
    out << "  Period " << pi << (period.id ? " id=" + *period.id : "") << "\n";
    for (size_t si = 0; si < period.adaptation_sets.size(); ++si) {
      const auto& set = period.adaptation_sets[si];
      std::string type = content_type_of(set);
      out << "    AdaptationSet " << si << ": " << (type.empty() ? "?" : type);
      if (set.lang) out << " lang=" << *set.lang;
      bool streamed = (p.video && p.video->set_index == si && pi == 0) || (p.audio && p.audio->set_index == si && pi == 0);
      out << (streamed ? " (selected)" : "") << "\n";
      for (size_t ri = 0; ri < set.representations.size(); ++ri) {
        const auto& rep = set.representations[ri];
        out << "      " << rep.id << ": " << rep.bandwidth / 1000 << " kbit/s";
        auto rr = media::resolve_representation(mpd, pi, si, ri, p.mpd_url);
        if (rr.ok()) {
          if (rr->common.codecs) out << ", " << *rr->common.codecs;
          if (rr->common.width && rr->common.height) out << ", " << *rr->common.width << "x" << *rr->common.height;
          if (rr->common.frame_rate) out << " @ " << *rr->common.frame_rate;
          if (rr->common.audio_sampling_rate) out << ", " << *rr->common.audio_sampling_rate << " Hz";
          out << ", " << media::to_string(rr->mode);
          // Segment counts come from the loaded stream when sidx had to be fetched.
          const StreamInfo* loaded = nullptr;
          if (p.video && p.video->set_index == si && pi == 0) loaded = &*p.video;
          if (p.audio && p.audio->set_index == si && pi == 0) loaded = &*p.audio;
          const media::ResolvedRepresentation* seg_source = &*rr;
          if (loaded)
            for (const auto& lr : loaded->representations)
              if (lr.representation == &rep) seg_source = &lr;
          if (!seg_source->segments.empty()) {
            double total = 0;
            for (const auto& s : seg_source->segments) total += s.duration_s();
            out << ", " << seg_source->segments.size() << " segments of ~"
                << total / static_cast<double>(seg_source->segments.size()) << " s";
          }
        } else {
          out << ", unusable: " << rr.error().message;
        }
        out << "\n";
      }
    }
  }
  if (p.metadata) out << "  segments.json: " << p.metadata->representations.size() << " representations\n";
  for (const auto& w : p.warnings) out << "  warning: " << w << "\n";
  return out.str();
}

}  // namespace player
