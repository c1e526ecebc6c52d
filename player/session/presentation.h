// Loads what the player streams: the MPD (over HTTP(S) or from a file), for
// every Period the video adaptation set it picks (decodable, the codec it
// decodes fastest or the one forced), every playable audio and subtitle set
// as a track, every representation's segment list (fetching `sidx` indexes
// for SegmentBase), the Period's MPD events, and `segments.json` when the
// origin has one.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "media/error.h"
#include "media/mpd/model.h"
#include "media/mpd/segments.h"
#include "media/segments_json.h"
#include "player/abr/types.h"
#include "player/av/codec_support.h"
#include "player/net/fetcher.h"
#include "player/session/live_window.h"
#include "player/session/playback_state.h"

namespace player {

// One adaptation set the player streams (in one Period), its representations
// sorted by bandwidth (lowest first), all addressed with the same segment count.
struct StreamInfo {
  StreamKind kind = StreamKind::kVideo;
  size_t period = 0;     // index into Presentation::periods
  size_t set_index = 0;  // in the MPD's Period
  // What tracks are chosen and shown by (audio and text).
  std::string lang;                // AdaptationSet@lang, "" when absent
  std::vector<std::string> roles;  // Role@value: main, alternate, commentary, subtitle, caption, ...
  std::string codecs;              // of the lowest representation
  std::optional<TextFormat> text_format;  // subtitles only
  std::vector<media::ResolvedRepresentation> representations;
  // Per representation, per segment: from segments.json when present.
  std::vector<std::vector<const media::SegmentMetadata*>> metadata;
  // What the ABR sees, made once by build_rate_tables(): the ladder, and
  // row-major [segment][rung] tables of sizes (segments.json, else bitrate ×
  // duration) and PSNR (empty unless segments.json has it for every cell).
  std::vector<double> bitrates_bps;
  std::vector<abr::Resolution> resolutions;  // empty unless every rung has a size
  std::vector<double> sizes_bytes;
  std::vector<double> quality_db;

  size_t segment_count() const;
  const media::SegmentRef& segment(size_t rep, size_t index) const { return representations[rep].segments[index]; }
  // Size of segment `index` at rung `rep`: segments.json, else nominal.
  double size_bytes(size_t rep, size_t index) const;
  // The tables from segment `index` on.
  abr::RungTable sizes_from(size_t index) const;
  abr::RungTable quality_from(size_t index) const;
  // "en main, mp4a.40.2" for the HUD and the log.
  std::string label() const;
  bool has_role(const std::string& role) const;
};

// Fills the ABR tables of `stream` from its representations and metadata.
void build_rate_tables(StreamInfo& stream);

// An <Event> of an <EventStream>, on the presentation's timeline.
struct MpdEvent {
  double start_s = 0;
  double duration_s = 0;
  std::string scheme_id_uri;
  std::string value;
  std::optional<uint64_t> id;
  std::string message;  // @messageData, else the element's text
};

// A Period as the player streams it: one video set, audio and subtitle tracks.
struct PeriodStreams {
  size_t index = 0;  // in Presentation::periods, and in `mpd` (but not for live Periods a refresh appended)
  std::string id;    // Period@id, "" when absent
  double start_s = 0;
  double duration_s = 0;
  std::optional<StreamInfo> video;        // the set played
  std::vector<StreamInfo> other_video;    // decodable sets not chosen (other codecs)
  std::vector<StreamInfo> audio;          // tracks, MPD order
  std::vector<StreamInfo> text;           // subtitle tracks, MPD order
  size_t default_audio = 0;               // the track --lang/--audio-role pick
  std::vector<MpdEvent> events;           // by start time
  std::vector<std::string> skipped;       // "AdaptationSet 2 (video): codecs 'xyz' cannot be decoded"

  double end_s() const { return start_s + duration_s; }
  // The video set, or the default audio track (nullptr when there is none;
  // subtitles are chosen by the session).
  const StreamInfo* stream(StreamKind kind) const;
};

// Calls `visit(StreamInfo&)` for every set of the Period.
template <typename Visit>
void for_each_stream(PeriodStreams& period, Visit&& visit) {
  if (period.video) visit(*period.video);
  for (auto& s : period.other_video) visit(s);
  for (auto& s : period.audio) visit(s);
  for (auto& s : period.text) visit(s);
}

// A codec's measured decode cost (CPU time for its lowest representation's
// first segment, per decoded pixel), when several codecs were offered.
struct CodecCost {
  std::string family;
  double cpu_ns_per_pixel = 0;
};

struct Presentation {
  std::string mpd_url;              // where relative URLs resolve (after redirects and <Location>)
  std::unique_ptr<media::Mpd> mpd;  // stable address: ResolvedRepresentation points into it
  double duration_s = 0;
  // A deque: a live refresh appends Periods while loaders hold pointers into
  // the earlier ones.
  std::deque<PeriodStreams> periods;
  // Live: the refreshed MPDs that appended Periods point into (as the first
  // Periods point into `mpd`).
  std::vector<std::unique_ptr<media::Mpd>> refreshed_mpds;
  std::vector<CodecCost> codec_costs;                    // the decode probe, when it ran
  std::optional<media::PresentationMetadata> metadata;  // segments.json
  std::vector<std::string> warnings;                     // e.g. "segments.json: ..." (ignored, not fatal)
  std::optional<LiveInfo> live;                          // a dynamic MPD (player/session/live_presentation.h)

  // The first Period's video, or its default audio track (nullptr when it
  // has none): what single-Period code and the simulator use.
  const StreamInfo* stream(StreamKind kind) const;
  StreamInfo* stream(StreamKind kind);
};

struct PresentationOptions {
  std::string lang;                             // preferred audio language (--lang); empty = the main track
  std::string audio_role;                       // preferred audio Role@value (--audio-role)
  std::string codec;                            // --codec: the video codec family to play ("hevc"); empty = fastest
  std::vector<std::string> extra_base_urls;     // appended after the MPD's BaseURLs (--base-url)
  bool load_metadata = true;                    // look for segments.json next to the MPD
  std::function<double()> wall_clock_unix_s;    // live: the wall clock (Unix s); unset: the system clock
  bool probe_decoders = true;                   // time each offered video codec's decoder on real segments
  std::function<void(FetchRequest&)> on_mpd_request;  // adds to the MPD request (CMCD); may be empty
};

// Errors: the MPD cannot be fetched or parsed, or a Period has no stream the
// player can decode. A dynamic MPD lists the segments of its window up to the
// live edge, in the Periods that are not wholly past
// (player/session/live_presentation.h).
media::Result<Presentation> load_presentation(Fetcher& fetcher, const std::string& url,
                                              const PresentationOptions& options);

// Parses an MPD text into a Presentation (no segments.json, no decode probe);
// `url` is where it came from.
media::Result<Presentation> build_presentation(Fetcher& fetcher, std::string mpd_text, const std::string& url,
                                               const PresentationOptions& options);

}  // namespace player
