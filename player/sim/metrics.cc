#include "player/sim/metrics.h"

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
  if (c.empty()) return m;
  m.startup_s = c[0].delay_s;
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
    if (video.has_quality()) psnr += video.quality_db[n * video.rungs() + r];
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
  return m;
}

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
  return os << "}";
}

}  // namespace sim
