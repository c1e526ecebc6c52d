// The reference session loop (Pensieve's test/fixed_env.py get_video_chunk
// plus the test scripts' main loop), in milliseconds as the reference keeps
// its buffer, so that every number matches.
#include <algorithm>
#include <cmath>

#include "player/sim/context.h"
#include "player/sim/reference_network.h"
#include "player/sim/session.h"

namespace sim {

const char* to_string(NetworkModelKind kind) {
  switch (kind) {
    case NetworkModelKind::kReference: return "reference";
    case NetworkModelKind::kRequest: return "request";
    case NetworkModelKind::kPlayer: return "player";
  }
  return "?";
}

media::Status run_reference_session(const VideoModel& video, std::span<const media::CookedSample> samples,
                                    abr::AbrAlgorithm& algorithm, const ReferenceModelOptions& options,
                                    SessionResult& out) {
  out.clear();
  if (samples.size() < 2) return media::make_error(media::ErrorCode::kInvalidArgument, "trace needs two samples");
  if (video.rungs() == 0 || video.segment_count == 0 || video.rows() < video.segment_count)
    return media::make_error(media::ErrorCode::kInvalidArgument, "video has no segments to play");
  out.chunks.reserve(video.segment_count);
  ReferenceNetwork network(samples);
  const double chunk_ms = video.segment_duration_s * 1000;
  double buffer_ms = 0;
  double clock_s = 0;
  size_t rung = std::min(options.first_rung, video.rungs() - 1);
  abr::Decision decision;
  decision.reason = abr::make_reason("first chunk at the default rung %.0f", static_cast<double>(rung));
  for (size_t n = 0; n < video.segment_count; ++n) {
    ChunkRecord c;
    c.rung = static_cast<uint32_t>(rung);
    c.size_bytes = video.size_bytes(n, rung);
    c.request_s = clock_s;
    c.estimate_bps = decision.estimate_bps;
    c.reason = decision.reason;
    const auto transfer_s = network.download(c.size_bytes);
    if (!transfer_s)
      return media::make_error(media::ErrorCode::kInvalidArgument, "the trace delivers nothing in a whole pass");
    double delay_ms = *transfer_s * 1000.0;
    delay_ms += options.round_trip_ms;
    const double rebuffer_ms = std::max(delay_ms - buffer_ms, 0.0);
    buffer_ms = std::max(buffer_ms - delay_ms, 0.0);
    buffer_ms += chunk_ms;
    double sleep_ms = 0;
    if (buffer_ms > options.buffer_cap_ms) {
      const double drain_ms = buffer_ms - options.buffer_cap_ms;
      sleep_ms = std::ceil(drain_ms / options.sleep_quantum_ms) * options.sleep_quantum_ms;
      buffer_ms -= sleep_ms;
      network.sleep(sleep_ms);
    }
    c.delay_s = delay_ms / 1000.0;
    c.transfer_s = *transfer_s;
    c.rebuffer_s = n == 0 ? 0 : rebuffer_ms / 1000.0;
    c.buffer_s = buffer_ms / 1000.0;
    clock_s += c.delay_s + sleep_ms / 1000.0;
    out.chunks.push_back(c);
    if (n + 1 == video.segment_count) break;

    abr::SegmentResult result;
    result.rung = rung;
    result.segment_index = n;
    result.segment_duration_s = video.segment_duration_s;
    result.size_bytes = c.size_bytes;
    result.download_s = *transfer_s;
    result.ttfb_s = options.round_trip_ms / 1000.0;
    result.buffer_after_s = c.buffer_s;
    algorithm.observe(result);

    ContextState s;
    s.segment = n + 1;
    s.buffer_s = c.buffer_s;
    s.state = abr::PlaybackState::kPlaying;
    s.last_rung = rung;
    s.buffer_cap_s = options.buffer_cap_ms / 1000.0;
    s.waited_s = sleep_ms / 1000.0;
    decision = algorithm.choose(make_context(video, s));
    DS_RETURN_IF_ERROR(algorithm_status(algorithm, n + 1));
    rung = std::min(decision.rung, video.rungs() - 1);
  }
  return {};
}

}  // namespace sim
