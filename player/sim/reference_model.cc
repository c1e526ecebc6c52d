#include "player/sim/reference_model.h"

#include <algorithm>
#include <cmath>

namespace sim {
namespace {

// A chunk that needs more than this much trace time means the trace
// delivers (almost) nothing: report it instead of spinning.
constexpr double kMaxChunkSeconds = 1e7;

constexpr double kBitsPerByte = 8.0;
constexpr double kBitsPerMegabit = 1000000.0;
constexpr double kMsPerSecond = 1000.0;

}  // namespace

media::Result<ReferenceTrace> make_reference_trace(const media::NetworkTrace& trace) {
  ReferenceTrace t;
  t.name = trace.name;
  if (!trace.cooked_samples.empty()) {
    for (const auto& s : trace.cooked_samples) {
      t.time_s.push_back(s.time_s);
      t.rate_mbps.push_back(s.rate_mbps);
    }
  } else {
    double now = 0;
    t.time_s.push_back(0);
    t.rate_mbps.push_back(0);
    for (const auto& p : trace.periods) {
      now += p.duration_s;
      t.time_s.push_back(now);
      t.rate_mbps.push_back(p.rate_bps / 1e6);
    }
  }
  if (t.time_s.size() < 2)
    return media::make_error(media::ErrorCode::kInvalidArgument, "trace '" + trace.name + "': needs two samples");
  bool delivers = false;
  for (size_t k = 1; k < t.time_s.size(); ++k) delivers = delivers || (t.rate_mbps[k] > 0 && t.time_s[k] > t.time_s[k - 1]);
  if (!delivers) return media::make_error(media::ErrorCode::kInvalidArgument, "trace '" + trace.name + "': delivers nothing");
  return t;
}

media::Result<SessionLog> run_reference_session(const ReferenceTrace& trace, const VideoModel& video,
                                                abr::AbrAlgorithm& algorithm, const ReferenceModelOptions& o) {
  SessionLog log;
  log.trace = trace.name;
  log.algorithm = std::string(algorithm.name());
  log.chunks.reserve(video.played_segments);
  const auto& t = trace.time_s;
  const auto& bw = trace.rate_mbps;
  const size_t samples = t.size();
  size_t ptr = 1;
  double last_t = t[0];
  double buffer_ms = 0;
  double clock_s = 0;
  double sleep_ms_before = 0;
  size_t rung = std::min(o.first_rung, video.rungs() - 1);
  std::optional<size_t> last_rung;

  for (size_t index = 0; index < video.played_segments; ++index) {
    if (index > 0) {
      abr::AbrContext ctx;
      ctx.buffer_s = buffer_ms / kMsPerSecond;
      ctx.state = abr::PlaybackState::kPlaying;
      ctx.bitrates_bps = video.bitrates_bps;
      ctx.segment_duration_s = video.durations_s[index];
      ctx.segment_index = index;
      ctx.segments_remaining = video.played_segments - index;
      ctx.upcoming_sizes_bytes = video.sizes_from(index);
      ctx.upcoming_quality_db = video.quality_from(index);
      ctx.last_rung = last_rung;
      ctx.buffer_cap_s = o.buffer_cap_ms / kMsPerSecond;
      ctx.waited_s = sleep_ms_before / kMsPerSecond;
      rung = std::min(algorithm.choose(ctx).rung, video.rungs() - 1);
    }
    const double size = video.size_bytes(index, rung);

    // Walk the trace until the chunk's bytes are delivered.
    double delay_s = 0;
    double sent = 0;
    while (true) {
      const double throughput = bw[ptr] * kBitsPerMegabit / kBitsPerByte;
      const double duration = t[ptr] - last_t;
      const double payload = throughput * duration * o.payload_share;
      if (sent + payload > size) {
        const double fraction = (size - sent) / throughput / o.payload_share;
        delay_s += fraction;
        last_t += fraction;
        break;
      }
      sent += payload;
      delay_s += duration;
      last_t = t[ptr];
      ++ptr;
      if (ptr >= samples) {
        ptr = 1;
        last_t = 0;
      }
      if (delay_s > kMaxChunkSeconds)
        return media::make_error(media::ErrorCode::kInvalidArgument,
                                 "trace '" + trace.name + "': chunk " + std::to_string(index) +
                                     " needs more than 1e7 s (the trace delivers almost nothing)");
    }
    const double delay_ms = delay_s * kMsPerSecond + o.round_trip_ms;
    const double rebuffer_ms = std::max(delay_ms - buffer_ms, 0.0);
    buffer_ms = std::max(buffer_ms - delay_ms, 0.0);
    buffer_ms += video.durations_s[index] * kMsPerSecond;

    double sleep_ms = 0;
    if (buffer_ms > o.buffer_cap_ms) {
      const double excess = buffer_ms - o.buffer_cap_ms;
      sleep_ms = std::ceil(excess / o.sleep_step_ms) * o.sleep_step_ms;
      buffer_ms -= sleep_ms;
      double left_ms = sleep_ms;
      while (true) {
        const double duration = t[ptr] - last_t;
        if (duration > left_ms / kMsPerSecond) {
          last_t += left_ms / kMsPerSecond;
          break;
        }
        left_ms -= duration * kMsPerSecond;
        last_t = t[ptr];
        ++ptr;
        if (ptr >= samples) {
          ptr = 1;
          last_t = 0;
        }
      }
    }

    clock_s += delay_ms / kMsPerSecond;
    ChunkRecord rec;
    rec.rung = rung;
    rec.bitrate_bps = video.bitrates_bps[rung];
    rec.size_bytes = size;
    rec.ttfb_s = o.round_trip_ms / kMsPerSecond;
    rec.download_s = delay_s;
    rec.rebuffer_s = rebuffer_ms / kMsPerSecond;
    rec.buffer_after_s = buffer_ms / kMsPerSecond;
    rec.wait_s = sleep_ms_before / kMsPerSecond;
    rec.end_time_s = clock_s;
    if (!video.psnr_db.empty()) rec.psnr_db = video.psnr_db[index * video.rungs() + rung];
    log.chunks.push_back(rec);
    clock_s += sleep_ms / kMsPerSecond;
    sleep_ms_before = sleep_ms;

    abr::SegmentResult result;
    result.rung = rung;
    result.segment_index = index;
    result.size_bytes = size;
    result.download_s = delay_s;
    result.ttfb_s = o.round_trip_ms / kMsPerSecond;
    result.buffer_after_s = buffer_ms / kMsPerSecond;
    algorithm.observe(result);
    last_rung = rung;
  }
  return log;
}

}  // namespace sim
