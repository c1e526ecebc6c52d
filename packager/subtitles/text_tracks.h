// Writes the text tracks of a presentation once its video (or audio) is
// written, cut at the same instants: WebVTT in fMP4 ('wvtt' segments or an
// on-demand file with sidx) for DASH, or one sidecar .vtt per track with
// --subtitles-sidecar; with --hls also one WebVTT text file per segment for
// the HLS subtitle playlists. Files go through OutputFiles like every other.
#pragma once

#include <cstdint>
#include <vector>

#include "media/error.h"
#include "packager/output_files.h"
#include "packager/representation.h"
#include "packager/subtitles/cue.h"
#include "packager/track_identity.h"

namespace packager::subtitles {

struct TextTrackInput {
  TrackIdentity identity;
  std::vector<Cue> cues;
};

struct TextOutputOptions {
  Profile profile = Profile::kLive;
  bool sidecar = false;       // DASH lists one .vtt file per track instead of wvtt segments
  bool hls_segments = false;  // WebVTT text segments for HLS
};

// Where segments start (ticks of `timescale`, the first at 0) and where the
// presentation ends: the text track is cut exactly there.
struct TextTimeline {
  uint32_t timescale = 0;
  std::vector<int64_t> segment_starts_ticks;
  int64_t end_ticks = 0;
};

// The timeline of the presentation's first video representation (else its
// first audio one); an error when there is none.
media::Result<TextTimeline> text_timeline(const PresentationDescription& presentation);

// Adds one text representation per track (ids "s<N>", N counting the text
// representations already there).
media::Status add_text_tracks(std::vector<TextTrackInput> tracks, const TextTimeline& timeline,
                              const TextOutputOptions& options, OutputFiles& files,
                              PresentationDescription& presentation);

}  // namespace packager::subtitles
