#include "player/abr/qoe.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace abr {
namespace {

// Pensieve's QoE_HD scores of its six rungs, and the stall penalty.
constexpr std::array<double, 6> kHdScores = {1, 2, 3, 12, 15, 20};
static_assert(std::is_sorted(kHdScores.begin(), kHdScores.end()));
constexpr double kHdRebufferPenalty = 8;

double hd_score(size_t rung, size_t rungs) {
  if (rungs <= 1) return kHdScores.front();
  const double x = static_cast<double>(rung) * static_cast<double>(kHdScores.size() - 1) /
                   static_cast<double>(rungs - 1);
  const size_t i = std::min(static_cast<size_t>(x), kHdScores.size() - 2);
  const double frac = x - static_cast<double>(i);
  return kHdScores[i] + frac * (kHdScores[i + 1] - kHdScores[i]);
}

}  // namespace

const char* to_string(QoeMetric metric) {
  switch (metric) {
    case QoeMetric::kLin: return "lin";
    case QoeMetric::kLog: return "log";
    case QoeMetric::kHd: return "hd";
  }
  return "?";
}

double rebuffer_penalty(QoeMetric metric, std::span<const double> ladder_bps) {
  const double r_min = ladder_bps.front(), r_max = ladder_bps.back();
  switch (metric) {
    case QoeMetric::kLin: return r_max / 1e6;
    case QoeMetric::kLog: return std::round(std::log(r_max / r_min) * 100) / 100;
    case QoeMetric::kHd: return kHdRebufferPenalty;
  }
  return 0;
}

QoeScale qoe_scale(QoeMetric metric, std::span<const double> ladder_bps) {
  QoeScale s;
  const double r_min = ladder_bps.front();
  for (size_t r = 0; r < ladder_bps.size(); ++r) {
    switch (metric) {
      case QoeMetric::kLin: s.utility.push_back(ladder_bps[r] / 1e6); break;
      case QoeMetric::kLog: s.utility.push_back(std::log(ladder_bps[r] / r_min)); break;
      case QoeMetric::kHd: s.utility.push_back(hd_score(r, ladder_bps.size())); break;
    }
  }
  const size_t n = ladder_bps.size();
  s.switch_penalty.resize(n * n);
  for (size_t r = 0; r < n; ++r)
    for (size_t p = 0; p < n; ++p)
      s.switch_penalty[r * n + p] = metric == QoeMetric::kLin ? std::fabs(ladder_bps[r] - ladder_bps[p]) / 1e6
                                                              : std::fabs(s.utility[r] - s.utility[p]);
  s.rebuffer_penalty = rebuffer_penalty(metric, ladder_bps);
  return s;
}

double chunk_qoe(const QoeScale& scale, size_t rung, size_t previous_rung, double rebuffer_s) {
  // Same order of operations as the reference's per-chunk reward.
  return scale.utility[rung] - scale.rebuffer_penalty * rebuffer_s -
         scale.switch_penalty[rung * scale.rungs() + previous_rung];
}

double qoe_per_chunk(const QoeScale& scale, std::span<const size_t> rungs, std::span<const double> rebuffer_s) {
  const size_t n = std::min(rungs.size(), rebuffer_s.size());
  if (n < 2) return 0;
  double sum = 0;
  for (size_t i = 1; i < n; ++i) sum += chunk_qoe(scale, rungs[i], rungs[i - 1], rebuffer_s[i]);
  return sum / static_cast<double>(n - 1);
}

QoeScores qoe_per_chunk(std::span<const size_t> rungs, std::span<const double> rebuffer_s,
                        std::span<const double> ladder_bps) {
  QoeScores q;
  if (ladder_bps.empty()) return q;
  q.lin = qoe_per_chunk(qoe_scale(QoeMetric::kLin, ladder_bps), rungs, rebuffer_s);
  q.log = qoe_per_chunk(qoe_scale(QoeMetric::kLog, ladder_bps), rungs, rebuffer_s);
  q.hd = qoe_per_chunk(qoe_scale(QoeMetric::kHd, ladder_bps), rungs, rebuffer_s);
  return q;
}

QoeScores qoe_per_chunk_from_bitrates(std::span<const double> chunk_bitrates_bps, std::span<const double> rebuffer_s,
                                      std::span<const double> ladder_bps) {
  if (ladder_bps.empty()) return {};
  std::vector<size_t> rungs;
  rungs.reserve(chunk_bitrates_bps.size());
  for (double b : chunk_bitrates_bps) {
    size_t best = 0;
    for (size_t r = 1; r < ladder_bps.size(); ++r)
      if (std::fabs(ladder_bps[r] - b) < std::fabs(ladder_bps[best] - b)) best = r;
    rungs.push_back(best);
  }
  return qoe_per_chunk(rungs, rebuffer_s, ladder_bps);
}

}  // namespace abr
