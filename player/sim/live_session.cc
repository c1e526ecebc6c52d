#include "player/sim/live_session.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "player/abr/playback_rate.h"
#include "player/sim/context.h"
#include "player/sim/request_network.h"
#include "player/sim/session.h"

namespace sim {

double live_chunk_available_s(size_t n, size_t k, double segment_s, double chunk_s, double target_latency_s) {
  return static_cast<double>(n) * segment_s + static_cast<double>(k + 1) * chunk_s - target_latency_s;
}

namespace {

// dash-player's jump threshold is max(this, 2 segments) (live_session.h in player/session).
constexpr double kDefaultJumpS = 3;

// The player side of a live session: position, buffer, latency, catch-up.
// Time reaches it only through advance_to(), after the network moved.
class LivePlayback {
 public:
  LivePlayback(const LiveModelOptions& options, SessionResult& out) : options_(options), out_(out) {
    next_sample_s_ = options.sample_interval_s;
  }

  // Plays from the last time seen to `t_s`, in pieces that end on sampling ticks.
  void advance_to(double t_s) {
    while (now_s_ < t_s) {
      const double piece_s = std::min(t_s, next_sample_s_) - now_s_;
      play(piece_s);
      now_s_ += piece_s;
      if (now_s_ >= next_sample_s_) {
        if (playing_) out_.latency_s.push_back(static_cast<float>(latency_s()));
        next_sample_s_ += options_.sample_interval_s;
      }
    }
  }
  void add_media(double seconds) {
    buffer_s_ += seconds;
    playing_ = true;
  }
  // Goes on at media time `position_s` (ahead): what is buffered before it is dropped.
  void jump_to(double position_s) {
    const double buffered_end_s = position_s_ + buffer_s_;
    position_s_ = position_s;
    buffer_s_ = std::max(0.0, buffered_end_s - position_s);
    catching_up_ = false;
  }
  double position_s() const { return position_s_; }
  double latency_s() const { return playing_ ? now_s_ + options_.target_latency_s - position_s_ : 0; }
  double buffer_s() const { return buffer_s_; }
  bool playing() const { return playing_; }
  double rate() const { return rate_; }
  double take_stall_s() { return std::exchange(stall_s_, 0); }

 private:
  void play(double dt_s) {
    if (!playing_ || dt_s <= 0) return;
    const double excess_s = latency_s() - options_.target_latency_s;
    if (excess_s > options_.catch_up_threshold_s) catching_up_ = true;
    if (excess_s <= 0) catching_up_ = false;
    rate_ = catching_up_ && buffer_s_ >= options_.catch_up_min_buffer_s ? options_.catch_up_rate : 1;
    const double media_s = rate_ * dt_s;
    if (buffer_s_ >= media_s) {
      buffer_s_ -= media_s;
      position_s_ += media_s;
      if (rate_ > 1) out_.faster_s += dt_s;
      return;
    }
    position_s_ += buffer_s_;
    stall_s_ += dt_s - buffer_s_ / rate_;
    buffer_s_ = 0;
  }

  const LiveModelOptions& options_;
  SessionResult& out_;
  double now_s_ = 0;
  double position_s_ = 0;  // media time playing
  double buffer_s_ = 0;
  double stall_s_ = 0;     // since last taken
  double next_sample_s_ = 0;
  double rate_ = 1;
  bool playing_ = false;
  bool catching_up_ = false;
};

class LiveSession {
 public:
  LiveSession(const VideoModel& video, std::span<const media::TracePeriod> periods, abr::AbrAlgorithm& algorithm,
              const RequestModelOptions& request, const LiveModelOptions& live, size_t chunks_per_segment,
              SessionResult& out)
      : video_(video),
        algorithm_(algorithm),
        live_(live),
        network_(periods, request.latency_scale),
        chunks_(chunks_per_segment),
        chunk_s_(video.segment_duration_s / static_cast<double>(chunks_per_segment)),
        jump_threshold_s_(live.jump_threshold_s > 0 ? live.jump_threshold_s
                                                    : std::max(kDefaultJumpS, 2 * video.segment_duration_s)),
        time_limit_s_(request.max_session_factor * video.segment_duration_s * static_cast<double>(video.segment_count) +
                      3600),
        play_(live, out),
        out_(out) {}

  media::Status run() {
    out_.target_latency_s = live_.target_latency_s;
    out_.latency_interval_s = live_.sample_interval_s;
    out_.chunks.reserve(video_.segment_count);
    size_t first_chunk = 0;  // after a jump: the chunk playback goes on at
    for (size_t n = 0; n < video_.segment_count; ++n) {
      ChunkRecord c;
      // Nothing to ask for before the segment's first chunk exists.
      double waited_s = idle_until(available_s(n, 0));
      if (play_.playing() && play_.latency_s() > live_.target_latency_s + jump_threshold_s_) {
        // Far behind: go on at the edge − L (media time = session time).
        const double to_s = network_.now_s();
        if (to_s <= static_cast<double>(n) * video_.segment_duration_s) {
          play_.jump_to(to_s);  // buffered already (only with a threshold below the buffer)
          ++out_.jumps;
        } else {
          // At the chunk boundary at or before it, skipping the segments in between.
          const size_t to_segment = static_cast<size_t>(std::floor(to_s / video_.segment_duration_s + 1e-9));
          if (to_segment >= video_.segment_count) break;
          const double into_s = to_s - static_cast<double>(to_segment) * video_.segment_duration_s;
          first_chunk = std::min(chunks_ - 1, static_cast<size_t>(std::floor(into_s / chunk_s_ + 1e-9)));
          ++out_.jumps;
          play_.jump_to(static_cast<double>(to_segment) * video_.segment_duration_s +
                        static_cast<double>(first_chunk) * chunk_s_);
          out_.skipped_segments += to_segment - n;
          n = to_segment;
          waited_s += idle_until(available_s(n, first_chunk));
        }
      }
      const abr::AbrContext ctx = context(n, waited_s);
      const abr::Decision decision = algorithm_.choose(ctx);
      DS_RETURN_IF_ERROR(algorithm_status(algorithm_, n));
      const size_t rung = std::min(decision.rung, video_.rungs() - 1);
      c.estimate_bps = decision.estimate_bps;
      c.reason = decision.reason;
      // An algorithm's wait (BOLA above its target) never stalls playback.
      const double asked_s = play_.playing() ? std::min(std::max(decision.wait_s, 0.0), play_.buffer_s()) : 0;
      c.wait_s = waited_s + idle_until(network_.now_s() + asked_s);
      c.request_s = network_.now_s();
      abr::SegmentResult result;
      result.rung = rung;
      result.segment_index = n;
      result.segment_duration_s = video_.segment_duration_s;
      result.ttfb_s = network_.request_latency();
      play_.advance_to(network_.now_s());
      const double chunk_bytes = video_.size_bytes(n, rung) / static_cast<double>(chunks_);
      for (size_t k = 0; k < chunks_; ++k) {
        idle_until(available_s(n, k));  // the server has nothing more to send yet
        double left_bytes = chunk_bytes;
        while (left_bytes > 0) {
          const TransferStep step = network_.transfer(left_bytes, std::max(time_limit_s_ - network_.now_s(), 0.0) + 1);
          left_bytes -= step.bytes;
          result.download_s += step.duration_s;
          play_.advance_to(network_.now_s());
          if (network_.now_s() > time_limit_s_)
            return media::make_error(media::ErrorCode::kInvalidArgument,
                                     "the trace is too slow: segment " + std::to_string(n) + " not delivered after " +
                                         std::to_string(static_cast<long long>(network_.now_s())) + " s");
          if (step.bytes <= 0 && step.duration_s <= 0) break;  // an empty trace cannot move
        }
        if (!play_.playing()) out_.startup_s = network_.now_s() - c.request_s;
        if (k >= first_chunk) play_.add_media(chunk_s_);  // before it: behind the position jumped to
      }
      first_chunk = 0;
      result.size_bytes = video_.size_bytes(n, rung);
      result.buffer_after_s = play_.buffer_s();
      algorithm_.observe(result);
      DS_RETURN_IF_ERROR(algorithm_status(algorithm_, n));
      c.rung = static_cast<uint32_t>(rung);
      c.segment = static_cast<uint32_t>(n);
      c.size_bytes = result.size_bytes;
      c.transfer_s = result.download_s;
      c.delay_s = network_.now_s() - c.request_s;
      c.rebuffer_s = play_.take_stall_s();
      c.buffer_s = play_.buffer_s();
      last_rung_ = rung;
      out_.chunks.push_back(c);
    }
    return {};
  }

 private:
  double available_s(size_t n, size_t k) const {
    return live_chunk_available_s(n, k, video_.segment_duration_s, chunk_s_, live_.target_latency_s);
  }

  // Lets the link idle until session time `t_s` (if later); returns the wait.
  double idle_until(double t_s) {
    const double wait_s = t_s - network_.now_s();
    if (wait_s <= 0) return 0;
    network_.idle(wait_s);
    play_.advance_to(network_.now_s());
    return wait_s;
  }

  abr::AbrContext context(size_t segment, double waited_s) {
    ContextState s;
    s.segment = segment;
    s.buffer_s = play_.buffer_s();
    s.state = !play_.playing() ? abr::PlaybackState::kStartup
                               : (play_.buffer_s() > 0 ? abr::PlaybackState::kPlaying : abr::PlaybackState::kStalled);
    s.last_rung = last_rung_;
    // The buffer can hold at most the latency (less one chunk): the target,
    // or more while the player is behind it.
    s.buffer_cap_s = std::max(live_.target_latency_s, play_.latency_s());
    s.waited_s = waited_s;
    abr::AbrContext ctx = make_context(video_, s);
    ctx.live = true;
    ctx.target_latency_s = live_.target_latency_s;
    ctx.latency_s = play_.latency_s();
    abr::apply_playback_rate(ctx, play_.rate(), rate_bitrates_bps_);  // as the player's StreamLoader does
    return ctx;
  }

  const VideoModel& video_;
  abr::AbrAlgorithm& algorithm_;
  const LiveModelOptions& live_;
  RequestNetwork network_;
  const size_t chunks_;
  const double chunk_s_;
  const double jump_threshold_s_;
  const double time_limit_s_;
  LivePlayback play_;
  SessionResult& out_;
  std::optional<size_t> last_rung_;
  std::vector<double> rate_bitrates_bps_;  // the ladder × the playback rate, for the context's span
};

}  // namespace

media::Status run_live_session(const VideoModel& video, std::span<const media::TracePeriod> periods,
                               abr::AbrAlgorithm& algorithm, const RequestModelOptions& request,
                               const LiveModelOptions& live, SessionResult& out) {
  out.clear();
  DS_RETURN_IF_ERROR(check_trace(periods));
  if (video.rungs() == 0 || video.segment_count == 0 || video.rows() < video.segment_count)
    return media::make_error(media::ErrorCode::kInvalidArgument, "video has no segments to play");
  if (!(live.target_latency_s > 0) || !(live.sample_interval_s > 0) || !(live.catch_up_rate >= 1))
    return media::make_error(media::ErrorCode::kInvalidArgument,
                             "live: target latency and sample interval must be positive, catch-up rate at least 1");
  const double segment_s = video.segment_duration_s;
  size_t chunks = 1;
  if (live.chunk_duration_s > 0 && live.chunk_duration_s < segment_s) {
    const double ratio = segment_s / live.chunk_duration_s;
    if (std::fabs(ratio - std::round(ratio)) > 1e-6)
      return media::make_error(media::ErrorCode::kInvalidArgument,
                               "live: --chunk-duration " + std::to_string(live.chunk_duration_s) +
                                   " s does not divide the segment duration " + std::to_string(segment_s) + " s");
    chunks = static_cast<size_t>(std::round(ratio));
  }
  return LiveSession(video, periods, algorithm, request, live, chunks, out).run();
}

}  // namespace sim
