#include "packager/hls/playlists.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace packager::hls {
namespace {

constexpr int kVersion = 7;

std::string fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += (c == '"' || c == '\n' || c == '\r') ? '\'' : c;  // quoted-strings cannot hold these
  return out + "\"";
}

std::string header() { return "#EXTM3U\n#EXT-X-VERSION:" + std::to_string(kVersion) + "\n"; }

double seconds(int64_t ticks, uint32_t timescale) { return double(ticks) / timescale; }

std::string key_attributes(const KeyTag& k) {
  return "METHOD=" + k.method + ",URI=" + quoted(k.uri) + ",KEYFORMAT=" + quoted(k.keyformat) +
         ",KEYFORMATVERSIONS=\"1\",KEYID=0x" + k.key_id_hex;
}

// One media playlist over `segments` (fMP4 unless `text`).
std::string media_playlist(const RepresentationDescription& r, const std::vector<SegmentWritten>& segments, bool text,
                           const HlsOptions& options) {
  std::string out = header();
  out += "#EXT-X-TARGETDURATION:" + std::to_string(target_duration_s(segments, r.timescale)) + "\n";
  out += "#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n";
  const bool byte_ranges = !text && !r.files.single_file.empty() && r.files.init_name.empty();
  if (!text && options.key) out += "#EXT-X-KEY:" + key_attributes(*options.key) + "\n";
  if (!text) {
    if (byte_ranges)
      out += "#EXT-X-MAP:URI=" + quoted(r.files.single_file) + ",BYTERANGE=\"" +
             std::to_string(r.files.init_size_bytes) + "@0\"\n";
    else
      out += "#EXT-X-MAP:URI=" + quoted(r.files.init_name) + "\n";
  }
  for (const auto& s : segments) {
    out += "#EXTINF:" + fixed(seconds(s.duration_ticks, r.timescale), 6) + ",\n";
    if (byte_ranges) out += "#EXT-X-BYTERANGE:" + std::to_string(s.size_bytes) + "@" + std::to_string(s.offset_bytes) + "\n";
    out += s.path + "\n";
  }
  return out + "#EXT-X-ENDLIST\n";
}

// Peak and average bit rate of representations played together (a video
// rung with an audio track): the sum of their sizes per segment index.
struct Rates {
  uint64_t peak_bps = 0;
  uint64_t average_bps = 0;
};

Rates combined_rates(const std::vector<const RepresentationDescription*>& reps) {
  Rates rates;
  size_t count = SIZE_MAX;
  for (const auto* r : reps) count = std::min(count, r->segments.size());
  double peak = 0, bits = 0, duration = 0;
  for (size_t i = 0; i < count; ++i) {
    double segment_bits = 0;
    for (const auto* r : reps) segment_bits += r->segments[i].size_bytes * 8.0;
    // Over the first representation's duration (all are cut at the same instants).
    const double d = seconds(reps.front()->segments[i].duration_ticks, reps.front()->timescale);
    if (d > 0) peak = std::max(peak, segment_bits / d);
    bits += segment_bits;
    duration += d;
  }
  rates.peak_bps = static_cast<uint64_t>(std::ceil(peak));
  rates.average_bps = duration > 0 ? static_cast<uint64_t>(std::ceil(bits / duration)) : 0;
  return rates;
}

std::string audio_group_id(const RepresentationDescription& a) {
  return "audio-" + a.codecs + "-" + std::to_string(a.channels) + "ch";
}

std::string audio_rendition(const RepresentationDescription& a, bool is_default) {
  std::string out = "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=" + quoted(audio_group_id(a)) + ",LANGUAGE=" + quoted(a.lang) +
                    ",NAME=" + quoted(a.label.empty() ? a.id : a.label) + ",DEFAULT=" + (is_default ? "YES" : "NO") +
                    ",AUTOSELECT=" + (a.role == TrackRole::kMain || is_default ? "YES" : "NO");
  // Audio description for the visually impaired (RFC 8216 4.3.4.1, Apple's characteristic tag).
  if (a.role == TrackRole::kDescription) out += ",CHARACTERISTICS=\"public.accessibility.describes-video\"";
  out += ",CHANNELS=\"" + std::to_string(a.channels) + "\",URI=" + quoted(a.id + ".m3u8") + "\n";
  return out;
}

std::string subtitle_rendition(const RepresentationDescription& t, bool is_default) {
  std::string out = "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",LANGUAGE=" + quoted(t.lang) +
                    ",NAME=" + quoted(t.label.empty() ? t.id : t.label) + ",DEFAULT=" + (is_default ? "YES" : "NO") +
                    ",AUTOSELECT=YES,FORCED=" + (t.role == TrackRole::kForcedSubtitle ? "YES" : "NO");
  if (t.role == TrackRole::kCaption)
    out += ",CHARACTERISTICS=\"public.accessibility.transcribes-spoken-dialog,public.accessibility.describes-music-and-sound\"";
  return out + ",URI=" + quoted(t.id + ".m3u8") + "\n";
}

std::string frame_rate_value(const std::string& rate) {
  const size_t slash = rate.find('/');
  if (slash == std::string::npos) return fixed(std::atof(rate.c_str()), 3);
  const double den = std::atof(rate.c_str() + slash + 1);
  return fixed(den > 0 ? std::atof(rate.substr(0, slash).c_str()) / den : 0, 3);
}

}  // namespace

int target_duration_s(const std::vector<SegmentWritten>& segments, uint32_t timescale) {
  double longest = 0;
  for (const auto& s : segments) longest = std::max(longest, seconds(s.duration_ticks, timescale));
  return std::max(1, static_cast<int>(std::lround(longest)));
}

media::Result<HlsPlaylists> build_playlists(const PresentationDescription& p, const HlsOptions& options) {
  std::vector<const RepresentationDescription*> video, audio, text;
  for (const auto& r : p.representations) {
    if (r.kind == ContentKind::kVideo) video.push_back(&r);
    if (r.kind == ContentKind::kAudio) audio.push_back(&r);
    if (r.kind == ContentKind::kText && !r.text_segments.empty()) text.push_back(&r);
  }
  if (video.empty() && audio.empty())
    return media::make_error(media::ErrorCode::kInternal, "HLS: no video or audio to list");
  HlsPlaylists out;
  for (const auto* r : video) out.media.push_back({r->id + ".m3u8", media_playlist(*r, r->segments, false, options)});
  for (const auto* r : audio) out.media.push_back({r->id + ".m3u8", media_playlist(*r, r->segments, false, options)});
  for (const auto* r : text) out.media.push_back({r->id + ".m3u8", media_playlist(*r, r->text_segments, true, options)});

  std::string m = header() + "#EXT-X-INDEPENDENT-SEGMENTS\n";
  if (options.key) m += "#EXT-X-SESSION-KEY:" + key_attributes(*options.key) + "\n";
  // Audio groups by codec and channel count, in the order they first appear;
  // in each, the first main track is the default.
  std::vector<std::string> groups;
  std::map<std::string, std::vector<const RepresentationDescription*>> members;
  for (const auto* a : video.empty() ? std::vector<const RepresentationDescription*>{} : audio) {
    const std::string g = audio_group_id(*a);
    const bool first = std::find(groups.begin(), groups.end(), g) == groups.end();
    if (first) groups.push_back(g);
    m += audio_rendition(*a, first);
    members[g].push_back(a);
  }
  for (size_t i = 0; i < text.size(); ++i) m += subtitle_rendition(*text[i], false);
  const std::string subs = text.empty() ? "" : ",SUBTITLES=\"subs\"";
  const std::string text_codec = text.empty() ? "" : ",wvtt";
  if (video.empty()) {
    // Audio only: each audio playlist is a variant of its own.
    for (const auto* a : audio) {
      const Rates rates = combined_rates({a});
      m += "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(rates.peak_bps) + ",AVERAGE-BANDWIDTH=" +
           std::to_string(rates.average_bps) + ",CODECS=" + quoted(a->codecs + text_codec) + subs + "\n" + a->id + ".m3u8\n";
    }
  }
  // A variant per video rung and audio group (just the rung without audio).
  const std::vector<std::string> variant_groups = groups.empty() ? std::vector<std::string>{""} : groups;
  for (const auto& g : variant_groups) {
    for (const auto* v : video) {
      // The rates with the group's most demanding rendition (any may be played).
      Rates rates = combined_rates({v});
      std::string codecs = v->codecs;
      if (!g.empty()) {
        codecs += "," + members[g].front()->codecs;  // one codec per group
        rates = {};
        for (const auto* a : members[g]) {
          const Rates with = combined_rates({v, a});
          rates.peak_bps = std::max(rates.peak_bps, with.peak_bps);
          rates.average_bps = std::max(rates.average_bps, with.average_bps);
        }
      }
      m += "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(rates.peak_bps) +
           ",AVERAGE-BANDWIDTH=" + std::to_string(rates.average_bps) + ",CODECS=" + quoted(codecs + text_codec) +
           ",RESOLUTION=" + std::to_string(v->width) + "x" + std::to_string(v->height) +
           ",FRAME-RATE=" + frame_rate_value(v->frame_rate) + (g.empty() ? "" : ",AUDIO=" + quoted(g)) + subs + "\n" +
           v->id + ".m3u8\n";
    }
  }
  out.master = {kMasterPlaylistName, m};
  return out;
}

}  // namespace packager::hls
