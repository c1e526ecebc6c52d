// The request-level session: a player with a playback clock that drains the
// buffer during every latency, transfer and wait, a buffer cap, and
// abandonment (modelled on Sabre's main loop, in seconds).
#include <algorithm>

#include "player/abr/abandonment.h"
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

// One session's state, and the steps of its main loop.
class RequestSession {
 public:
  RequestSession(const VideoModel& video, std::span<const media::TracePeriod> periods, abr::AbrAlgorithm& algorithm,
                 const RequestModelOptions& options)
      : video_(video),
        algorithm_(algorithm),
        options_(options),
        network_(periods, options.latency_scale),
        // The cap must hold at least one segment, or nothing could ever be fetched.
        cap_s_(std::max(options.buffer_cap_s, video.segment_duration_s)),
        time_limit_s_(options.max_session_factor * video.segment_duration_s *
                          static_cast<double>(video.segment_count) + 3600) {}

  media::Status run(SessionResult& out) {
    out.chunks.reserve(video_.segment_count);
    for (size_t n = 0; n < video_.segment_count; ++n) {
      ChunkRecord c;
      play_.stall_s = 0;
      const double waited_s = wait_for_room();
      const abr::AbrContext ctx = context(n, waited_s);
      const abr::Decision decision = algorithm_.choose(ctx);
      DS_RETURN_IF_ERROR(algorithm_status(algorithm_, n));
      size_t rung = std::min(decision.rung, video_.rungs() - 1);
      c.estimate_bps = decision.estimate_bps;
      c.reason = decision.reason;
      c.wait_s = waited_s + honour_wait(decision.wait_s);
      c.request_s = network_.now_s();
      // Attempts: each abandoned one restarts lower; the last delivers the segment.
      while (true) {
        Attempt a;
        DS_RETURN_IF_ERROR(download(n, rung, ctx, a));
        abr::SegmentResult result;
        result.rung = rung;
        result.segment_index = n;
        result.segment_duration_s = video_.segment_duration_s;
        result.size_bytes = a.received_bytes;
        result.download_s = a.transfer_s;
        result.ttfb_s = a.ttfb_s;
        if (a.abandon_to < rung) {
          result.abandoned = true;
          result.buffer_after_s = play_.buffer_s;
          algorithm_.observe(result);
          out.wasted_bytes += a.received_bytes;
          ++c.abandoned;
          rung = a.abandon_to;
          continue;
        }
        play_.playing = true;  // start-up ends with the first segment
        play_.buffer_s += video_.segment_duration_s;
        result.buffer_after_s = play_.buffer_s;
        algorithm_.observe(result);
        c.rung = static_cast<uint32_t>(rung);
        c.size_bytes = a.received_bytes;
        c.transfer_s = a.transfer_s;
        break;
      }
      c.delay_s = network_.now_s() - c.request_s;
      c.rebuffer_s = play_.stall_s;
      c.buffer_s = play_.buffer_s;
      last_rung_ = c.rung;
      out.chunks.push_back(c);
    }
    return {};
  }

 private:
  struct Attempt {
    double received_bytes = 0;
    double ttfb_s = 0;
    double transfer_s = 0;
    size_t abandon_to = SIZE_MAX;  // a lower rung: abandoned for it
  };

  // A full buffer: wait until one segment fits. Returns the wait.
  double wait_for_room() {
    if (!play_.playing || play_.buffer_s + video_.segment_duration_s <= cap_s_) return 0;
    const double wait_s = play_.buffer_s + video_.segment_duration_s - cap_s_;
    let_time_pass(wait_s);
    return wait_s;
  }

  // An algorithm's wait (BOLA above its buffer target) never stalls playback.
  double honour_wait(double asked_s) {
    if (!play_.playing || asked_s <= 0) return 0;
    const double wait_s = std::min(asked_s, play_.buffer_s);
    let_time_pass(wait_s);
    return wait_s;
  }

  void let_time_pass(double seconds) {
    play_.advance(seconds);
    network_.idle(seconds);
  }

  abr::AbrContext context(size_t segment, double waited_s) const {
    ContextState s;
    s.segment = segment;
    s.buffer_s = play_.buffer_s;
    s.state = !play_.playing ? abr::PlaybackState::kStartup
                             : (play_.buffer_s > 0 ? abr::PlaybackState::kPlaying : abr::PlaybackState::kStalled);
    s.last_rung = last_rung_;
    s.buffer_cap_s = cap_s_;
    s.waited_s = waited_s;
    return make_context(video_, s);
  }

  // One attempt at segment n, rung `rung`: the request's latency, then the
  // bytes, looked at as Sabre does once both progress_interval_s (the first
  // time counted from the request, latency included) and kMinProgressBytes
  // have passed since the last look; stops early when abandoned.
  media::Status download(size_t n, size_t rung, const abr::AbrContext& ctx, Attempt& a) {
    const double size_bytes = video_.size_bytes(n, rung);
    a.ttfb_s = network_.request_latency();
    play_.advance(a.ttfb_s);
    double step_budget_s = options_.progress_interval_s - a.ttfb_s;
    while (a.received_bytes < size_bytes) {
      TransferStep step{0, 0};
      if (step_budget_s > 0) step = network_.transfer(size_bytes - a.received_bytes, step_budget_s);
      step_budget_s = options_.progress_interval_s;
      if (step.bytes < kMinProgressBytes && a.received_bytes + step.bytes < size_bytes) {
        // Bounded by the session's time limit, so a dead trace still ends.
        const TransferStep more = network_.transfer(
            std::min(kMinProgressBytes - step.bytes, size_bytes - a.received_bytes - step.bytes),
            std::max(time_limit_s_ - network_.now_s(), 0.0) + 1);
        step.bytes += more.bytes;
        step.duration_s += more.duration_s;
      }
      a.received_bytes += step.bytes;
      a.transfer_s += step.duration_s;
      play_.advance(step.duration_s);
      if (network_.now_s() > time_limit_s_)
        return media::make_error(media::ErrorCode::kInvalidArgument,
                                 "the trace is too slow: segment " + std::to_string(n) + " not delivered after " +
                                     std::to_string(static_cast<long long>(network_.now_s())) + " s");
      if (a.received_bytes >= size_bytes) break;
      abr::DownloadProgress progress;
      progress.rung = rung;
      progress.size_bytes = size_bytes;
      progress.received_bytes = a.received_bytes;
      progress.elapsed_s = a.ttfb_s + a.transfer_s;
      progress.ttfb_s = a.ttfb_s;
      progress.buffer_s = play_.buffer_s;
      // The context the algorithm judges with is the one it chose with, as in Sabre.
      const auto lower = abr::should_abandon(algorithm_, progress, ctx, options_.safety_net);
      DS_RETURN_IF_ERROR(algorithm_status(algorithm_, n));
      if (lower) {
        a.abandon_to = *lower;
        break;
      }
    }
    return {};
  }

  const VideoModel& video_;
  abr::AbrAlgorithm& algorithm_;
  const RequestModelOptions& options_;
  RequestNetwork network_;
  const double cap_s_;
  const double time_limit_s_;
  Playback play_;
  std::optional<size_t> last_rung_;
};

}  // namespace

media::Status check_trace(std::span<const media::TracePeriod> periods) {
  double trace_s = 0;
  for (const auto& p : periods) trace_s += p.duration_s;
  if (periods.empty() || !(trace_s > 0))
    return media::make_error(media::ErrorCode::kInvalidArgument, "trace has no duration");
  return {};
}

media::Status run_request_session(const VideoModel& video, std::span<const media::TracePeriod> periods,
                                  abr::AbrAlgorithm& algorithm, const RequestModelOptions& options,
                                  SessionResult& out) {
  out.clear();
  DS_RETURN_IF_ERROR(check_trace(periods));
  if (video.rungs() == 0 || video.segment_count == 0 || video.rows() < video.segment_count)
    return media::make_error(media::ErrorCode::kInvalidArgument, "video has no segments to play");
  if (!(options.progress_interval_s > 0) || !(options.buffer_cap_s > 0))
    return media::make_error(media::ErrorCode::kInvalidArgument, "progress interval and buffer cap must be positive");
  return RequestSession(video, periods, algorithm, options).run(out);
}

}  // namespace sim
