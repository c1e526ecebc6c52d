// The MPD of a live presentation while it grows (DASH-IF IOP dynamic MPD)
// and when it ends (a static MPD that replays as VOD). Pure code: it is told
// which segments exist and builds media::Mpd values; LivePublisher writes them.
//
// Times: each Period's media time 0 was captured at its origin (Unix time)
// and is its start (presentationTimeOffset 0); the first Period's origin is
// the availabilityStartTime (AST), so a segment of media time t in a Period
// starting start_s after the AST was captured at AST + start_s + t.
//
// A segment number is listed once every representation of its Period has it:
// complete, or (chunked) announced with its first chunk on disk, with its
// expected duration. Not thread-safe (LivePublisher guards it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "media/error.h"
#include "media/mpd/model.h"
#include "packager/representation.h"

namespace packager {

struct LiveManifestSettings {
  double segment_duration_s = 2;         // nominal
  double chunk_duration_s = 0;           // 0: whole segments only
  double time_shift_buffer_s = 60;       // timeShiftBufferDepth: how far back players may seek
  double target_latency_s = 3;           // ServiceDescription Latency@target, suggestedPresentationDelay
  bool number_template = false;          // $Number$ + @duration instead of SegmentTimeline
  std::string utc_timing_url = "/_time";  // http-xsdate; relative URLs resolve against the MPD's
};

// Derived signalling, in one place so tests and docs agree.
// ServiceDescription PlaybackRate: the range players may use to hold the
// target. Up to 1.1x: a player that joined late (the chunks before its start
// position come first) makes up 0.5 s in 5 s instead of 10 s; at a 1.05 cap
// dash-player and dash.js sat 0.3-0.4 s above a 1 s target for most of a 40 s
// run on a 4 Mbit/s link (bench-live.sh).
inline constexpr double kPlaybackRateMin = 0.95;
inline constexpr double kPlaybackRateMax = 1.1;
inline constexpr const char* kUtcTimingXsdate = "urn:mpeg:dash:utc:http-xsdate:2014";

class LiveManifest {
 public:
  explicit LiveManifest(LiveManifestSettings settings) : settings_(std::move(settings)) {}

  // A new Period whose media time 0 was captured at `origin_unix_s` (the
  // first one sets the AST) and whose first segment is numbered `first_number`; `representations` carries ids, codecs and sizes (no
  // segments). Earlier Periods end where this one starts. @bandwidth is the
  // larger of `nominal_bandwidth_bps` (the encoder's cap, so the first MPD is
  // right before any segment is complete) and the peak segment rate seen so
  // far, so it never drops between updates.
  void begin_period(double origin_unix_s, uint64_t first_number, PresentationDescription representations,
                    std::map<std::string, uint64_t> nominal_bandwidth_bps);

  // A segment of the current Period: complete (size_bytes > 0) or announced
  // (size_bytes 0, expected duration). A completed segment replaces its
  // announcement. False when the representation is unknown.
  bool add_segment(const SegmentWritten& segment);

  // Presentation time (s from the AST) where the newest listed segment ends.
  double live_edge_s() const;

  // Forgets segments that ended more than time_shift_buffer_s before the
  // live edge (and Periods left empty); returns them with their end times
  // so the caller can delete the files a little later.
  struct Expired {
    std::string path;
    double end_s = 0;  // presentation time
  };
  std::vector<Expired> trim();

  // True once some Period lists a segment (before that there is nothing to publish).
  bool has_segments() const;

  media::Result<media::Mpd> dynamic_mpd(double publish_unix_s) const;
  // Complete segments only, the first one at presentation time 0 and Periods
  // back to back (gaps from input outages removed).
  media::Result<media::Mpd> static_mpd() const;

  // Every file a listed segment lives in (complete ones), oldest first.
  std::vector<std::string> complete_segment_paths() const;

  const LiveManifestSettings& settings() const { return settings_; }

 private:
  struct PeriodState {
    int index = 0;  // in the run: names the init segments
    std::string id;
    double start_s = 0;
    uint64_t first_number = 1;
    PresentationDescription presentation;  // segments: the kept ones, in order
  };
  // The segments of `p` every representation has (complete ones only when
  // `complete_only`), as a description build_manifest accepts; empty when none.
  PresentationDescription listed(const PeriodState& p, bool complete_only) const;
  double end_s(const PeriodState& p, const SegmentWritten& s, uint32_t timescale) const;
  void set_bandwidths(media::Period& period) const;

  LiveManifestSettings settings_;
  std::optional<double> availability_start_unix_s_;  // the first Period's origin
  std::vector<PeriodState> periods_;
  std::map<std::string, uint64_t> bandwidth_bps_;  // per representation id: nominal, raised by peaks
  int next_period_index_ = 0;
};

// The init segment name of a representation in Period `period_index`.
std::string live_init_name(const std::string& rep_id, int period_index);

}  // namespace packager
