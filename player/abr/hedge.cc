#include "player/abr/hedge.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "player/abr/qoe.h"

namespace abr {
namespace {

constexpr size_t kMaxScenarios = 32;
constexpr size_t kMaxHorizon = 8;

struct Problem {
  size_t rungs, horizon, scenarios;
  const double* download_s;  // [s][i][r]
  const double* weight;
  const double* utility;
  double mu;
  double start_buffer;
  size_t start_rung;
  double seg;
  double cap;
  // tail
  size_t tail_n;
  const double* tail_d;  // [s][r] download time of a tail segment
  const double* exchange;  // [s] utility per second of buffer at the horizon end
  const double* useful;    // [s] buffer beyond this is worthless
  bool ties_high;
};

struct Search {
  const Problem& p;
  double u_max = 0;
  double best = -INFINITY;
  size_t best_first = 0;

  void visit(size_t depth, size_t first, size_t last, const std::array<double, kMaxScenarios>& buf,
             double expected_stall, double util) {
    if (depth == p.horizon) {
      double tail = 0;
      if (p.tail_n > 0) {
        for (size_t s = 0; s < p.scenarios; ++s) {
          const double d = p.tail_d[s * p.rungs + last];
          const double n = static_cast<double>(p.tail_n);
          const double need = std::max(d, n * d - (n - 1) * p.seg);
          tail += p.weight[s] * std::max(0.0, need - buf[s]);
        }
      }
      double terminal = 0;
      if (p.exchange != nullptr)
        for (size_t s = 0; s < p.scenarios; ++s) terminal += p.weight[s] * p.exchange[s] * std::min(buf[s], p.useful[s]);
      const double reward = util - p.mu * (expected_stall + tail) + terminal;
      if (reward > best || (p.ties_high && reward == best)) {
        best = reward;
        best_first = first;
      }
      return;
    }
    double bound = util + static_cast<double>(p.horizon - depth) * u_max - p.mu * expected_stall;
    if (p.exchange != nullptr)
      for (size_t s = 0; s < p.scenarios; ++s)
        bound += p.weight[s] * p.exchange[s] *
                 std::min(p.useful[s], buf[s] + static_cast<double>(p.horizon - depth) * p.seg);
    if (bound < best || (!p.ties_high && bound == best)) return;
    for (size_t r = 0; r < p.rungs; ++r) {
      std::array<double, kMaxScenarios> nb;
      double stall = 0;
      for (size_t s = 0; s < p.scenarios; ++s) {
        const double d = p.download_s[(s * p.horizon + depth) * p.rungs + r];
        double b = buf[s];
        if (b < d) {
          stall += p.weight[s] * (d - b);
          b = 0;
        } else {
          b -= d;
        }
        nb[s] = std::min(b + p.seg, p.cap);
      }
      visit(depth + 1, depth == 0 ? r : first, r, nb, expected_stall + stall,
            util + p.utility[r] - std::fabs(p.utility[r] - p.utility[last]));
    }
  }
};

}  // namespace

Hedge::Hedge(HedgeOptions options)
    : options_(options), rates_(options.sample_window), ratios_(std::max<size_t>(options.ratio_window, 1)) {}

void Hedge::observe(const SegmentResult& r) {
  if (r.abandoned || !(r.size_bytes > 0)) return;
  const double transfer = options_.separate_latency ? r.download_s : r.total_s();
  if (!(transfer > 0)) return;
  const double rate = r.size_bytes / transfer;
  if (last_prediction_ > 0) ratios_.push(rate / last_prediction_);
  rates_.add_rate(rate);
  last_prediction_ = rates_.estimate();
  latency_s_ = have_latency_ ? 0.7 * latency_s_ + 0.3 * r.ttfb_s : r.ttfb_s;
  have_latency_ = true;
}

Decision Hedge::choose(const AbrContext& ctx) {
  Decision d;
  const double base = rates_.estimate();
  d.estimate_bps = base * 8;
  if (!(base > 0)) {
    d.rung = 0;
    d.reason = make_reason("no throughput sample yet: lowest rung");
    return d;
  }
  const size_t rungs = ctx.rungs();
  const size_t horizon = std::min({options_.horizon, ctx.segments_remaining, kMaxHorizon});
  // Scenarios.
  scenario_rates_.clear();
  scenario_weights_.clear();
  if (options_.mode == 2) {
    double max_err = 0;
    for (size_t i = 0; i < ratios_.size(); ++i) max_err = std::max(max_err, std::fabs(1 / ratios_[i] - 1));
    scenario_rates_.push_back(base / (1 + max_err));
    scenario_weights_.push_back(1);
  } else {
    std::vector<double> q;
    for (size_t i = 0; i < ratios_.size(); ++i) q.push_back(ratios_[i]);
    if (q.empty()) q.push_back(1);
    std::sort(q.begin(), q.end());
    const size_t k = std::min({options_.scenarios, q.size(), kMaxScenarios});
    if (options_.mode == 1) {
      scenario_rates_.push_back(base * q.front());
      scenario_weights_.push_back(1);
    } else {
      for (size_t i = 0; i < k; ++i) {
        const double pos = (static_cast<double>(i) + 0.5) / static_cast<double>(k) * static_cast<double>(q.size());
        scenario_rates_.push_back(base * q[std::min(q.size() - 1, static_cast<size_t>(pos))]);
        scenario_weights_.push_back(1.0 / static_cast<double>(k));
      }
    }
  }
  const size_t ns = scenario_rates_.size();
  const double lat = options_.separate_latency ? latency_s_ : 0;
  download_s_.assign(ns * horizon * rungs, 0);
  for (size_t s = 0; s < ns; ++s)
    for (size_t i = 0; i < horizon; ++i)
      for (size_t r = 0; r < rungs; ++r)
        download_s_[(s * horizon + i) * rungs + r] = lat + ctx.size_bytes(i, r) / scenario_rates_[s];
  const size_t tail_n = std::min(options_.tail_segments, ctx.segments_remaining - horizon);
  std::vector<double> tail_d(ns * rungs, 0);
  if (tail_n > 0) {
    for (size_t r = 0; r < rungs; ++r) {
      double sum = 0;
      for (size_t i = horizon; i < horizon + tail_n; ++i) sum += ctx.size_bytes(i, r);
      const double mean = sum / static_cast<double>(tail_n);
      for (size_t s = 0; s < ns; ++s) tail_d[s * rungs + r] = lat + mean / scenario_rates_[s];
    }
  }
  const QoeScale scale = qoe_scale(QoeMetric::kLin, ctx.bitrates_bps);
  Problem p{rungs, horizon, ns, download_s_.data(), scenario_weights_.data(), scale.utility.data(),
            scale.rebuffer_penalty * options_.stall_weight, ctx.buffer_s, std::min(ctx.last_rung.value_or(0), rungs - 1),
            ctx.segment_duration_s, options_.planner_cap ? ctx.buffer_cap_s : 1e18, tail_n, tail_d.data(), nullptr, nullptr, options_.ties_high};
  std::vector<double> exchange(ns), useful(ns);
  if (options_.terminal_value) {
    const size_t after = ctx.segments_remaining - horizon;
    for (size_t s = 0; s < ns; ++s) {
      const double c_mbps = scenario_rates_[s] * 8 / 1e6;
      exchange[s] = options_.terminal_scale * c_mbps / ctx.segment_duration_s;
      useful[s] = static_cast<double>(after) * ctx.segment_duration_s * ctx.bitrates_bps.back() / 1e6 / c_mbps;
    }
    p.exchange = exchange.data();
    p.useful = useful.data();
  }
  Search search{p};
  search.u_max = *std::max_element(scale.utility.begin(), scale.utility.end());
  std::array<double, kMaxScenarios> buf;
  buf.fill(ctx.buffer_s);
  search.visit(0, 0, p.start_rung, buf, 0, 0);
  d.rung = search.best_first;
  d.reason = make_reason("base %.0f kbit/s, %.0f scenarios, reward %.2f", base * 8 / 1000, static_cast<double>(ns),
                         search.best);
  return d;
}

}  // namespace abr
