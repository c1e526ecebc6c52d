// Loads what the player streams: the MPD (over HTTP or from a file), the
// video and audio adaptation sets it picks, every representation's segment
// list (fetching `sidx` indexes for SegmentBase), and `segments.json` when the
// origin has one.
#pragma once

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
#include "player/net/fetcher.h"
#include "player/session/live_window.h"
#include "player/session/playback_state.h"

namespace player {

// One adaptation set the player streams, its representations sorted by
// bandwidth (lowest first), all addressed with the same segment count.
struct StreamInfo {
  StreamKind kind = StreamKind::kVideo;
  size_t set_index = 0;
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
};

// Fills the ABR tables of `stream` from its representations and metadata.
void build_rate_tables(StreamInfo& stream);

struct Presentation {
  std::string mpd_url;
  std::unique_ptr<media::Mpd> mpd;  // stable address: ResolvedRepresentation points into it
  double duration_s = 0;
  std::optional<StreamInfo> video;
  std::optional<StreamInfo> audio;
  std::optional<media::PresentationMetadata> metadata;  // segments.json
  std::vector<std::string> warnings;                     // e.g. "segments.json: ..." (ignored, not fatal)
  std::optional<LiveInfo> live;                          // a dynamic MPD (player/session/live_presentation.h)

  const StreamInfo* stream(StreamKind kind) const {
    return kind == StreamKind::kVideo ? (video ? &*video : nullptr) : (audio ? &*audio : nullptr);
  }
};

struct PresentationOptions {
  std::string lang;                             // preferred audio language; empty = the first set
  std::vector<std::string> extra_base_urls;     // appended after the MPD's BaseURLs (--base-url)
  bool load_metadata = true;                    // look for segments.json next to the MPD
  std::function<double()> wall_clock_unix_s;    // live: the wall clock (Unix s); unset: the system clock
};

// Errors: the MPD cannot be fetched or parsed, or has no stream the player
// can decode. A dynamic MPD lists the segments of its window up to the live
// edge (player/session/live_presentation.h).
media::Result<Presentation> load_presentation(Fetcher& fetcher, const std::string& url,
                                              const PresentationOptions& options);

// Parses an MPD text into a Presentation (no segments.json); `url` is where it came
// from. Used by load_presentation and by --info on local files.
media::Result<Presentation> build_presentation(Fetcher& fetcher, std::string mpd_text, const std::string& url,
                                               const PresentationOptions& options);

// Human-readable summary for `dash-player --info`.
std::string describe(const Presentation& p);

}  // namespace player
