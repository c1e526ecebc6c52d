// Runs one streaming session of a video over a network trace with one ABR
// algorithm, in one of two network/player models:
// - reference (abr-reference/REFERENCE-MODEL.md): Pensieve's simulator,
//   exactly: chunk 0 at rung 1, 80 ms round trip that does not advance the
//   trace, 60 s buffer cap with 500 ms sleeps; after each chunk the algorithm
//   observes it and chooses the next.
// - request: each request waits the trace's latency (consuming trace time),
//   downloads can be abandoned (checked every `progress_interval_s`, by the
//   algorithm and the player's safety net), the
//   buffer cap is configurable and the algorithm's waits are honoured;
//   playback drains the buffer during every wait and download.
// Deterministic: the same inputs give the same result.
#pragma once

#include <span>
#include <string>

#include "media/error.h"
#include "media/net_trace.h"
#include "player/abr/algorithm.h"
#include "player/sim/session_result.h"
#include "player/sim/video_model.h"

namespace sim {

// An algorithm that can no longer decide (an external program that
// misbehaved) ends the session: its failure as an error naming segment `number`.
inline media::Status algorithm_status(const abr::AbrAlgorithm& algorithm, size_t number) {
  const std::string failure = algorithm.failure();
  if (failure.empty()) return {};
  return media::make_error(media::ErrorCode::kInternal, "segment " + std::to_string(number) + ": " + failure);
}

// kPlayer: the player's own session in virtual time (player_model.h).
enum class NetworkModelKind { kReference, kRequest, kPlayer };
const char* to_string(NetworkModelKind kind);

struct ReferenceModelOptions {
  double round_trip_ms = 80;     // Pensieve's LINK_RTT, added to every chunk's delay
  double buffer_cap_ms = 60000;  // BUFFER_THRESH: above it the player sleeps
  double sleep_quantum_ms = 500; // DRAIN_BUFFER_SLEEP_TIME
  size_t first_rung = 1;         // DEFAULT_QUALITY: chunk 0 is fetched at this rung
};

struct RequestModelOptions {
  double buffer_cap_s = 25;           // Sabre's default maximum buffer
  double progress_interval_s = 0.05;  // how often an abandonment is considered (Sabre: 50 ms and 12,000 bits)
  double latency_scale = 1;           // multiplies the trace's latencies
  // Give up (with an error) when a session needs more trace time than this
  // many times the video's duration: the trace is (nearly) dead.
  double max_session_factor = 1000;
  // The player's abandonment safety net (abr/abandonment.h) on top of the
  // algorithm's own answer, as the player runs it. Off reproduces Sabre.
  bool safety_net = true;
};

// An error unless the periods add up to a positive duration (a session
// could never end on them).
media::Status check_trace(std::span<const media::TracePeriod> periods);

// `samples` are the trace's reference_samples(); `out` is cleared first.
media::Status run_reference_session(const VideoModel& video, std::span<const media::CookedSample> samples,
                                    abr::AbrAlgorithm& algorithm, const ReferenceModelOptions& options,
                                    SessionResult& out);

media::Status run_request_session(const VideoModel& video, std::span<const media::TracePeriod> periods,
                                  abr::AbrAlgorithm& algorithm, const RequestModelOptions& options,
                                  SessionResult& out);

}  // namespace sim
