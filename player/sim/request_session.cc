// The request-level session: a player with a playback clock that drains the
// buffer during every latency, transfer and wait, a buffer cap, and
// abandonment (modelled on Sabre's main loop, in seconds).
#include <algorithm>

#include "player/sim/context.h"
#include "player/sim/request_network.h"
#include "player/sim/session.h"

namespace sim {
namespace {

// Sabre's min_progress_size (12,000 bits): a download is looked at again only
// after at least this much more of it has arrived.
constexpr double kMinProgressBytes = 1500;

// The playback side: buffer level, stall accounting, start-up.
struct Playback {
  double buffer_s = 0;
  bool playing = false;  // false until the first segment arrives
  double stall_s = 0;    // stall of the chunk being fetched

  void advance(double dt_s) {
    if (!playing || dt_s <= 0) return;
    if (buffer_s >= dt_s) {
      buffer_s -= dt_s;
    } else {
      stall_s += dt_s - buffer_s;
      buffer_s = 0;
    }
  }
};

media::Error algorithm_failed(size_t segment, const std::string& failure) {
  return media::make_error(media::ErrorCode::kInternal, "segment " + std::to_string(segment) + ": " + failure);
}

}  // namespace

media::Status run_request_session(const VideoModel& video, std::span<const media::TracePeriod> periods,
                                  abr::AbrAlgorithm& algorithm, const RequestModelOptions& options,
                                  SessionResult& out) {
  out.clear();
  double trace_s = 0;
  for (const auto& p : periods) trace_s += p.duration_s;
  if (periods.empty() || !(trace_s > 0))
    return media::make_error(media::ErrorCode::kInvalidArgument, "trace has no duration");
  if (video.rungs() == 0 || video.segment_count == 0 || video.rows() < video.segment_count)
    return media::make_error(media::ErrorCode::kInvalidArgument, "video has no segments to play");
  if (!(options.progress_interval_s > 0) || !(options.buffer_cap_s > 0))
    return media::make_error(media::ErrorCode::kInvalidArgument, "progress interval and buffer cap must be positive");
  out.chunks.reserve(video.segment_count);
  const double seg_s = video.segment_duration_s;
  // The cap must hold at least one segment, or nothing could ever be fetched.
  const double cap_s = std::max(options.buffer_cap_s, seg_s);
  const double time_limit_s = options.max_session_factor * seg_s * static_cast<double>(video.segment_count) + 3600;
  RequestNetwork network(periods, options.latency_scale);
  Playback play;
  std::optional<size_t> last_rung;

  for (size_t n = 0; n < video.segment_count; ++n) {
    ChunkRecord c;
    play.stall_s = 0;
    // A full buffer: wait until one segment fits.
    double waited_s = 0;
    if (play.playing && play.buffer_s + seg_s > cap_s) {
      waited_s = play.buffer_s + seg_s - cap_s;
      play.advance(waited_s);
      network.idle(waited_s);
    }
    ContextState s;
    s.segment = n;
    s.buffer_s = play.buffer_s;
    s.state = !play.playing ? abr::PlaybackState::kStartup
                            : (play.buffer_s > 0 ? abr::PlaybackState::kPlaying : abr::PlaybackState::kStalled);
    s.last_rung = last_rung;
    s.buffer_cap_s = cap_s;
    s.waited_s = waited_s;
    const abr::AbrContext ctx = make_context(video, s);
    const abr::Decision decision = algorithm.choose(ctx);
    if (auto failure = algorithm.failure(); !failure.empty()) return algorithm_failed(n, failure);
    size_t rung = std::min(decision.rung, video.rungs() - 1);
    c.estimate_bps = decision.estimate_bps;
    c.reason = decision.reason;
    // An algorithm's wait (BOLA above its buffer target) never stalls playback.
    if (play.playing && decision.wait_s > 0) {
      const double wait_s = std::min(decision.wait_s, play.buffer_s);
      play.advance(wait_s);
      network.idle(wait_s);
      waited_s += wait_s;
    }
    c.wait_s = waited_s;
    c.request_s = network.now_s();

    while (true) {  // attempts: the last one delivers the segment
      const double size_bytes = video.size_bytes(n, rung);
      const double ttfb_s = network.request_latency();
      play.advance(ttfb_s);
      double received = 0;
      double transfer_s = 0;
      size_t abandon_to = rung;  // < rung: abandon for this rung
      // As in Sabre, the download is looked at again once both
      // progress_interval_s (the first time counted from the request, latency
      // included) and kMinProgressBytes have passed since the last look.
      double step_budget_s = options.progress_interval_s - ttfb_s;
      while (received < size_bytes) {
        TransferStep step{0, 0};
        if (step_budget_s > 0) step = network.transfer(size_bytes - received, step_budget_s);
        step_budget_s = options.progress_interval_s;
        if (step.bytes < kMinProgressBytes && received + step.bytes < size_bytes) {
          // Bounded by the session's time limit, so a dead trace still ends.
          const TransferStep more =
              network.transfer(std::min(kMinProgressBytes - step.bytes, size_bytes - received - step.bytes),
                               std::max(time_limit_s - network.now_s(), 0.0) + 1);
          step.bytes += more.bytes;
          step.duration_s += more.duration_s;
        }
        received += step.bytes;
        transfer_s += step.duration_s;
        play.advance(step.duration_s);
        if (network.now_s() > time_limit_s)
          return media::make_error(media::ErrorCode::kInvalidArgument,
                                   "the trace is too slow: segment " + std::to_string(n) + " not delivered after " +
                                       std::to_string(static_cast<long long>(network.now_s())) + " s");
        if (received >= size_bytes) break;
        abr::DownloadProgress progress;
        progress.rung = rung;
        progress.size_bytes = size_bytes;
        progress.received_bytes = received;
        progress.elapsed_s = ttfb_s + transfer_s;
        progress.ttfb_s = ttfb_s;
        progress.buffer_s = play.buffer_s;
        const auto proposal = algorithm.should_abandon(progress, ctx);
        if (auto failure = algorithm.failure(); !failure.empty()) return algorithm_failed(n, failure);
        if (proposal && *proposal < rung) {
          abandon_to = *proposal;
          break;
        }
      }
      abr::SegmentResult result;
      result.rung = rung;
      result.segment_index = n;
      result.segment_duration_s = video.segment_duration_s;
      result.size_bytes = received;
      result.download_s = transfer_s;
      result.ttfb_s = ttfb_s;
      if (abandon_to < rung) {
        result.abandoned = true;
        result.buffer_after_s = play.buffer_s;
        algorithm.observe(result);
        out.wasted_bytes += received;
        ++c.abandoned;
        rung = abandon_to;
        continue;
      }
      play.playing = true;  // start-up ends with the first segment
      play.buffer_s += seg_s;
      result.buffer_after_s = play.buffer_s;
      algorithm.observe(result);
      c.rung = static_cast<uint32_t>(rung);
      c.size_bytes = size_bytes;
      c.transfer_s = transfer_s;
      break;
    }
    c.delay_s = network.now_s() - c.request_s;
    c.rebuffer_s = play.stall_s;
    c.buffer_s = play.buffer_s;
    last_rung = c.rung;
    out.chunks.push_back(c);
  }
  return {};
}

}  // namespace sim
