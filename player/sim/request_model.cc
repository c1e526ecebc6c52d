#include "player/sim/request_model.h"

#include <algorithm>

#include "player/sim/network_walk.h"

namespace sim {
namespace {

constexpr double kMaxSessionSeconds = 1e7;  // a trace that delivers almost nothing

// The playback side: buffer level, stalls, start-up.
struct Playback {
  bool started = false;
  double buffer_s = 0;
  double stall_s = 0;  // accumulated since last taken

  void pass(double seconds) {
    if (!started) {
      stall_s += seconds;  // start-up delay, booked on chunk 0
      return;
    }
    if (buffer_s >= seconds) {
      buffer_s -= seconds;
    } else {
      stall_s += seconds - buffer_s;
      buffer_s = 0;
    }
  }
  double take_stall() {
    double s = stall_s;
    stall_s = 0;
    return s;
  }
};

}  // namespace

media::Result<SessionLog> run_request_session(const media::NetworkTrace& trace, const VideoModel& video,
                                              abr::AbrAlgorithm& algorithm, const RequestModelOptions& o) {
  bool delivers = false;
  for (const auto& p : trace.periods) delivers = delivers || (p.duration_s > 0 && p.rate_bps > 0);
  if (!delivers) return media::make_error(media::ErrorCode::kInvalidArgument, "trace '" + trace.name + "': delivers nothing");
  SessionLog log;
  log.trace = trace.name;
  log.algorithm = std::string(algorithm.name());
  log.chunks.reserve(video.played_segments);
  NetworkWalk net(trace.periods);
  Playback play;
  std::optional<size_t> last_rung;
  double waited_s = 0;

  auto context = [&](size_t index) {
    abr::AbrContext ctx;
    ctx.buffer_s = play.buffer_s;
    ctx.state = !play.started ? abr::PlaybackState::kStartup
                              : (play.buffer_s > 0 ? abr::PlaybackState::kPlaying : abr::PlaybackState::kStalled);
    ctx.bitrates_bps = video.bitrates_bps;
    ctx.segment_duration_s = video.durations_s[index];
    ctx.segment_index = index;
    ctx.segments_remaining = video.played_segments - index;
    ctx.upcoming_sizes_bytes = video.sizes_from(index);
    ctx.upcoming_quality_db = video.quality_from(index);
    ctx.last_rung = last_rung;
    ctx.buffer_cap_s = o.buffer_cap_s;
    ctx.waited_s = waited_s;
    return ctx;
  };

  for (size_t index = 0; index < video.played_segments; ++index) {
    const double duration = video.durations_s[index];
    ChunkRecord rec;
    // Room for the segment?
    const double full_wait = play.buffer_s + duration - std::max(o.buffer_cap_s, duration);
    if (play.started && full_wait > 0) {
      play.pass(full_wait);
      net.idle(full_wait);
      waited_s = full_wait;
    } else {
      waited_s = 0;
    }
    rec.wait_s = waited_s;
    abr::Decision decision = algorithm.choose(context(index));
    size_t rung = std::min(decision.rung, video.rungs() - 1);
    if (decision.wait_s > 0 && play.started) {
      const double w = std::min(decision.wait_s, play.buffer_s);
      play.pass(w);
      net.idle(w);
      rec.wait_s += w;
    }
    waited_s = 0;

    while (true) {  // attempts until one completes
      const double size = video.size_bytes(index, rung);
      const double ttfb = net.latency();
      play.pass(ttfb);
      double got = 0, transfer_s = 0;
      std::optional<size_t> abandon_to;
      const bool may_abandon = o.abandonment && rung > 0;
      while (got < size) {
        const double step = may_abandon ? o.check_interval_s : kMaxSessionSeconds;
        auto t = net.transfer(size - got, step);
        got += t.bytes;
        transfer_s += t.seconds;
        play.pass(t.seconds);
        if (net.now_s() > kMaxSessionSeconds)
          return media::make_error(media::ErrorCode::kInvalidArgument,
                                   "trace '" + trace.name + "': session longer than 1e7 s (the trace delivers almost nothing)");
        if (got >= size || !may_abandon) continue;
        abr::DownloadProgress progress{rung, size, got, ttfb + transfer_s, ttfb, play.buffer_s};
        auto to = algorithm.should_abandon(progress, context(index));
        if (to && *to < rung) {
          abandon_to = to;
          break;
        }
      }
      abr::SegmentResult result;
      result.rung = rung;
      result.segment_index = index;
      result.size_bytes = got;
      result.download_s = transfer_s;
      result.ttfb_s = ttfb;
      if (abandon_to) {
        result.abandoned = true;
        result.buffer_after_s = play.buffer_s;
        algorithm.observe(result);
        ++rec.abandoned;
        rung = *abandon_to;
        last_rung = rung;
        continue;
      }
      play.buffer_s += duration;
      play.started = true;
      result.buffer_after_s = play.buffer_s;
      rec.rung = rung;
      rec.bitrate_bps = video.bitrates_bps[rung];
      rec.size_bytes = size;
      rec.ttfb_s = ttfb;
      rec.download_s = transfer_s;
      rec.rebuffer_s = play.take_stall();
      rec.buffer_after_s = play.buffer_s;
      rec.end_time_s = net.now_s();
      if (!video.psnr_db.empty()) rec.psnr_db = video.psnr_db[index * video.rungs() + rung];
      log.chunks.push_back(rec);
      algorithm.observe(result);
      last_rung = rung;
      break;
    }
  }
  return log;
}

}  // namespace sim
