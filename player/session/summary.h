// The end-of-session summary: start-up, bitrate, time on each rung, stalls,
// switches, QoE scores (as the ABR bench defines them) and decode counts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "player/session/event_log.h"
#include "player/session/session_tally.h"
#include "player/session/playback_state.h"

namespace player {

struct RungTime {
  std::string representation;
  double bitrate_bps = 0;
  double media_s = 0;  // media seconds fetched at this rung
};

struct SessionSummary {
  std::string url;
  std::string abr;
  double wall_s = 0;               // session length
  std::optional<double> startup_s; // until playback started
  std::optional<double> first_frame_s;  // until the first video frame was shown (decode on)
  double played_s = 0;             // media position reached
  double avg_bitrate_bps = 0;      // video, weighted by media duration
  std::vector<RungTime> rungs;     // lowest first
  int stalls = 0;
  double stall_s = 0;
  int switches = 0;
  double switch_magnitude_mbps = 0;  // sum of |Δbitrate|
  double qoe_lin = 0;  // mean per chunk over chunks 1..N−1 (see abr-reference/REFERENCE-MODEL.md)
  double qoe_log = 0;
  double qoe_hd = 0;
  size_t video_segments = 0;
  size_t audio_segments = 0;
  size_t skipped_segments = 0;
  size_t retries = 0;
  size_t failovers = 0;
  size_t abandoned = 0;
  int64_t frames_decoded = 0;
  int64_t frames_dropped = 0;
  int64_t video_frames = 0;
  double decode_fps = 0;  // video frames per wall second while decoding
  // Live (a dynamic MPD): latency = wall clock − presentation time playing.
  bool live = false;
  double target_latency_s = 0;
  std::optional<double> latency_p50_s;
  std::optional<double> latency_p95_s;
  // The same from the segments' prft capture times (the packager's delay included); unset without prft.
  std::optional<double> prft_latency_p50_s;
  std::optional<double> prft_latency_p95_s;
  int live_jumps = 0;     // jumps to the edge (far behind)
  double catchup_s = 0;   // session time played faster than 1x
  double slowdown_s = 0;  // session time played slower than 1x (a low buffer)
};

// `ladder_bps`: video bitrates (lowest first) for the QoE mappings.
SessionSummary summarize(const SessionTally& tally, const std::vector<double>& ladder_bps,
                         const std::vector<std::string>& ladder_ids);
// The same from the records themselves (a log read back).
SessionSummary summarize(const std::vector<SegmentRecord>& segments, const std::vector<nlohmann::json>& events,
                         const std::vector<double>& ladder_bps, const std::vector<std::string>& ladder_ids);

nlohmann::json to_json(const SessionSummary& s);
std::string format_table(const SessionSummary& s);

}  // namespace player
