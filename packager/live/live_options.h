// The options of a live run (`dash-package --live`), their defaults and
// validation. Pure code, unit tested.
#pragma once

#include <optional>
#include <string>

#include "media/error.h"

namespace packager {

inline constexpr double kLiveSegmentDurationS = 2.0;  // the live default (VOD: 4 s)

struct LiveOptions {
  bool test_source = false;          // --test-source live: the generated clock picture + tone, until stopped
  bool realtime = false;             // --realtime: read a file at its native rate (like ffmpeg -re)
  double chunk_duration_s = 0;       // --chunk-duration: CMAF chunks for low latency; 0 = whole segments
  double window_s = 60;              // --window: timeShiftBufferDepth (segments older go)
  std::optional<double> target_latency_s;  // --target-latency; default from the chunk or segment duration
  bool number_template = false;      // --addressing number: $Number$ + @duration instead of SegmentTimeline
  std::string utc_timing_url = "/_time";  // --utc-timing: the origin's time endpoint (http-xsdate)
  bool adapt_preset = false;         // --adapt-preset: faster x264 presets when falling behind
  double stall_timeout_s = 5;        // --stall-timeout: a network input silent this long is an outage
  double max_timestamp_jump_s = 2;   // input timestamps jumping further are re-anchored (continuous output)
};

// The target latency the MPD asks for: about two chunks with chunks
// (DASH-IF LL: a chunk being encoded plus one in flight, at least 1 s),
// else one and a half segments (a segment is only there once complete).
double target_latency_s(const LiveOptions& live, double segment_duration_s);

// Ranges and combinations (the input kind is checked by validate_options).
media::Status validate_live_options(const LiveOptions& live, double segment_duration_s);

// True for inputs libavformat reads from the network (srt://, udp://, rtmp://, ...).
bool is_stream_url(const std::string& input);

}  // namespace packager
