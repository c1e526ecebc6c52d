#include "player/sim/metrics.h"

#include <cmath>

#include "player/abr/qoe.h"

namespace sim {

SessionMetrics session_metrics(const SessionLog& log, const VideoModel& video) {
  SessionMetrics m;
  const auto& c = log.chunks;
  const size_t n = c.size();
  if (n == 0) return m;
  std::vector<size_t> rungs(n);
  std::vector<double> rebuffer(n);
  for (size_t i = 0; i < n; ++i) {
    rungs[i] = c[i].rung;
    rebuffer[i] = c[i].rebuffer_s;
    m.abandonments += static_cast<double>(c[i].abandoned);
    if (i > 0 && c[i].rung != c[i - 1].rung) {
      m.switches += 1;
      m.switch_mbps += std::fabs(c[i].bitrate_bps - c[i - 1].bitrate_bps) / 1e6;
    }
  }
  const abr::QoeScores q = abr::qoe_per_chunk(rungs, rebuffer, video.bitrates_bps);
  m.qoe_lin = q.lin;
  m.qoe_log = q.log;
  m.qoe_hd = q.hd;
  m.startup_s = c[0].rebuffer_s;
  if (n < 2) return m;
  const abr::QoeScale lin = abr::qoe_scale(abr::QoeMetric::kLin, video.bitrates_bps);
  double media_s = 0;
  for (size_t i = 1; i < n; ++i) {
    m.qoe_lin_sum += abr::chunk_qoe(lin, rungs[i], rungs[i - 1], rebuffer[i]);
    m.bitrate_mbps += c[i].bitrate_bps / 1e6;
    m.rebuffer_s += c[i].rebuffer_s;
    if (c[i].rebuffer_s > 0) m.rebuffer_count += 1;
    m.psnr_db += c[i].psnr_db;
    media_s += i < video.durations_s.size() ? video.durations_s[i] : 0;
  }
  const double chunks = static_cast<double>(n - 1);
  m.bitrate_mbps /= chunks;
  m.psnr_db /= chunks;
  m.rebuffer_ratio = m.rebuffer_s > 0 ? m.rebuffer_s / (m.rebuffer_s + media_s) : 0;
  return m;
}

SessionMetrics mean_metrics(std::span<const SessionMetrics> sessions) {
  SessionMetrics m;
  if (sessions.empty()) return m;
  for (const auto& s : sessions) {
    m.qoe_lin += s.qoe_lin;
    m.qoe_log += s.qoe_log;
    m.qoe_hd += s.qoe_hd;
    m.bitrate_mbps += s.bitrate_mbps;
    m.rebuffer_s += s.rebuffer_s;
    m.rebuffer_count += s.rebuffer_count;
    m.rebuffer_ratio += s.rebuffer_ratio;
    m.startup_s += s.startup_s;
    m.switches += s.switches;
    m.switch_mbps += s.switch_mbps;
    m.psnr_db += s.psnr_db;
    m.abandonments += s.abandonments;
    m.qoe_lin_sum += s.qoe_lin_sum;
  }
  const double k = static_cast<double>(sessions.size());
  for (double* f : {&m.qoe_lin, &m.qoe_log, &m.qoe_hd, &m.bitrate_mbps, &m.rebuffer_s, &m.rebuffer_count,
                    &m.rebuffer_ratio, &m.startup_s, &m.switches, &m.switch_mbps, &m.psnr_db, &m.abandonments,
                    &m.qoe_lin_sum})
    *f /= k;
  return m;
}

}  // namespace sim
