#include "player/sim/metrics.h"

#include <algorithm>
#include <cmath>

namespace sim {

QoeScales::QoeScales(const VideoModel& video)
    : lin(abr::qoe_scale(abr::QoeMetric::kLin, video.bitrates_bps)),
      log(abr::qoe_scale(abr::QoeMetric::kLog, video.bitrates_bps)),
      hd(abr::qoe_scale(abr::QoeMetric::kHd, video.bitrates_bps)) {}

SessionMetrics session_metrics(const SessionResult& session, const VideoModel& video, const QoeScales& scales) {
  SessionMetrics m;
  const auto& c = session.chunks;
  m.chunks = c.size();
  m.wasted_mb = session.wasted_bytes / 1e6;
  if (c.empty()) return m;
  m.startup_s = session.target_latency_s > 0 ? session.startup_s : c[0].delay_s;  // live: playable with the first chunk
  for (const auto& chunk : c) m.abandoned += chunk.abandoned;
  if (c.size() < 2) return m;
  double lin = 0, log = 0, hd = 0, kbps = 0, psnr = 0, switch_bps = 0;
  for (size_t n = 1; n < c.size(); ++n) {
    const size_t r = c[n].rung, p = c[n - 1].rung;
    lin += abr::chunk_qoe(scales.lin, r, p, c[n].rebuffer_s);
    log += abr::chunk_qoe(scales.log, r, p, c[n].rebuffer_s);
    hd += abr::chunk_qoe(scales.hd, r, p, c[n].rebuffer_s);
    kbps += video.bitrates_bps[r] / 1000;
    m.rebuffer_s += c[n].rebuffer_s;
    if (c[n].rebuffer_s > 0) ++m.rebuffer_count;
    if (r != p) {
      ++m.switches;
      switch_bps += std::fabs(video.bitrates_bps[r] - video.bitrates_bps[p]);
    }
    const size_t segment = session.target_latency_s > 0 ? c[n].segment : n;  // live sessions may skip segments
    if (video.has_quality()) psnr += video.quality_db[segment * video.rungs() + r];
  }
  const double count = static_cast<double>(c.size() - 1);
  m.qoe_lin_sum = lin;
  m.qoe_lin = lin / count;
  m.qoe_log = log / count;
  m.qoe_hd = hd / count;
  m.bitrate_mbps = kbps / count / 1000;
  m.rebuffer_ratio = m.rebuffer_s / (m.rebuffer_s + count * video.segment_duration_s);
  m.switch_mbps = m.switches > 0 ? switch_bps / m.switches / 1e6 : 0;
  if (video.has_quality()) m.psnr_db = psnr / count;
  if (session.target_latency_s > 0 && !session.latency_s.empty()) {
    std::vector<float> sorted = session.latency_s;
    std::sort(sorted.begin(), sorted.end());
    double sum = 0, excess = 0;
    for (float l : sorted) {
      sum += l;
      excess += std::max(0.0, static_cast<double>(l) - session.target_latency_s);
    }
    const double samples = static_cast<double>(sorted.size());
    m.latency_mean_s = sum / samples;
    // Nearest rank: the smallest sample with at least 95% of them at or below it.
    m.latency_p95_s = sorted[std::min(sorted.size() - 1, static_cast<size_t>(std::ceil(0.95 * samples)) - 1)];
    m.qoe_live = m.qoe_lin - live_latency_weight(scales) * excess / samples;
    m.live_jumps = static_cast<double>(session.jumps);
  }
  return m;
}

double live_latency_weight(const QoeScales& scales) { return kLiveLatencyWeight * scales.lin.rebuffer_penalty; }

std::vector<PredictionSample> prediction_samples(const SessionResult& session) {
  std::vector<PredictionSample> out;
  const auto& c = session.chunks;
  for (size_t n = 1; n < c.size(); ++n)
    if (c[n].estimate_bps > 0 && c[n].transfer_s > 0 && c[n].size_bytes > 0)
      out.push_back({static_cast<uint32_t>(n), static_cast<float>(c[n].estimate_bps),
                     static_cast<float>(c[n].size_bytes * 8 / c[n].transfer_s)});
  return out;
}

SessionMetrics mean_metrics(std::span<const SessionMetrics> sessions) {
  SessionMetrics m;
  double psnr = 0;
  size_t with_psnr = 0;
  for (const auto& x : sessions) {
    m.chunks += x.chunks;
    m.qoe_lin += x.qoe_lin;
    m.qoe_log += x.qoe_log;
    m.qoe_hd += x.qoe_hd;
    m.qoe_lin_sum += x.qoe_lin_sum;
    m.bitrate_mbps += x.bitrate_mbps;
    m.rebuffer_s += x.rebuffer_s;
    m.rebuffer_count += x.rebuffer_count;
    m.rebuffer_ratio += x.rebuffer_ratio;
    m.startup_s += x.startup_s;
    m.switches += x.switches;
    m.switch_mbps += x.switch_mbps;
    m.abandoned += x.abandoned;
    if (x.psnr_db) {
      psnr += *x.psnr_db;
      ++with_psnr;
    }
  }
  if (!sessions.empty()) {
    const double n = static_cast<double>(sessions.size());
    m.chunks /= sessions.size();
    for (double* f : {&m.qoe_lin, &m.qoe_log, &m.qoe_hd, &m.qoe_lin_sum, &m.bitrate_mbps, &m.rebuffer_s,
                      &m.rebuffer_count, &m.rebuffer_ratio, &m.startup_s, &m.switches, &m.switch_mbps, &m.abandoned})
      *f /= n;
  }
  if (with_psnr > 0) m.psnr_db = psnr / static_cast<double>(with_psnr);
  // What real players add: the mean over the sessions that have it.
  for (auto field : {&SessionMetrics::wasted_mb, &SessionMetrics::dropped_frames, &SessionMetrics::link_ratio,
                     &SessionMetrics::latency_mean_s, &SessionMetrics::latency_p95_s, &SessionMetrics::qoe_live,
                     &SessionMetrics::live_jumps}) {
    double sum = 0;
    size_t with = 0;
    for (const auto& x : sessions)
      if (x.*field) {
        sum += *(x.*field);
        ++with;
      }
    if (with > 0) m.*field = sum / static_cast<double>(with);
  }
  return m;
}

double jain_index(std::span<const double> x) {
  double sum = 0, squares = 0;
  for (double v : x) {
    sum += v;
    squares += v * v;
  }
  if (!(squares > 0)) return 1;
  return sum * sum / (static_cast<double>(x.size()) * squares);
}

std::ostream& operator<<(std::ostream& os, const SessionMetrics& m) {
  os << "{qoe lin " << m.qoe_lin << " log " << m.qoe_log << " hd " << m.qoe_hd << ", " << m.bitrate_mbps
     << " Mbit/s, rebuffer " << m.rebuffer_s << " s (" << m.rebuffer_count << "), start-up " << m.startup_s
     << " s, " << m.switches << " switches";
  if (m.psnr_db) os << ", PSNR " << *m.psnr_db << " dB";
  if (m.latency_mean_s) os << ", latency " << *m.latency_mean_s << " s (p95 " << *m.latency_p95_s << "), qoe live " << *m.qoe_live;
  return os << "}";
}

}  // namespace sim
