#include "player/abr/buffer_dp.h"

#include <algorithm>
#include <cmath>

namespace abr {
namespace {

bool valid_problem(const BufferDpProblem& p) {
  const size_t k = p.weights.size();
  return p.rungs > 0 && p.horizon > 0 && k > 0 && p.size_bytes.size() >= p.horizon * p.rungs &&
         p.utility.size() >= p.horizon * p.rungs && p.rates.size() >= p.horizon * k && p.segment_duration_s > 0 &&
         p.buffer_step_s > 0 &&
         std::all_of(p.rates.begin(), p.rates.begin() + static_cast<ptrdiff_t>(p.horizon * k),
                     [](double r) { return r > 0; });
}

}  // namespace

BufferDpPlan BufferDp::solve(const BufferDpProblem& p) {
  if (!valid_problem(p)) return {};
  const size_t rungs = p.rungs, k = p.weights.size();
  const double cap = std::max(p.buffer_cap_s, p.segment_duration_s);
  const size_t grid = static_cast<size_t>(std::ceil(cap / p.buffer_step_s)) + 1;
  const double step = cap / static_cast<double>(grid - 1);
  download_s_.resize(p.horizon * rungs * k);
  for (size_t i = 0; i < p.horizon; ++i)
    for (size_t r = 0; r < rungs; ++r)
      for (size_t j = 0; j < k; ++j)
        download_s_[(i * rungs + r) * k + j] = p.latency_s + p.size_bytes[i * rungs + r] / p.rates[i * k + j];

  // next_[r][g]: the value of the steps after the current one, from buffer
  // level g after rung r; linear between levels.
  auto value_after = [&](size_t r, double buffer_s) {
    const double pos = std::min(buffer_s, cap) / step;
    const size_t g = std::min(static_cast<size_t>(pos), grid - 2);
    const double* v = &next_[r * grid];
    return v[g] + (pos - static_cast<double>(g)) * (v[g + 1] - v[g]);
  };

  // Backwards from the last step (nothing after it) to step 1.
  next_.assign(rungs * grid, 0.0);
  for (size_t i = p.horizon; i-- > 1;) {
    // expected_[r][g] = E_j[value after − μ·stall] of step i at rung r from
    // level g. Per scenario the download time d is fixed: levels below d
    // stall and end at one segment of buffer; levels above it end d − T
    // lower, i.e. a fixed shift of the grid.
    const bool last_step = i + 1 == p.horizon;
    expected_.assign(rungs * grid, 0.0);
    for (size_t r = 0; r < rungs; ++r) {
      double* e = &expected_[r * grid];
      const double* v = &next_[r * grid];
      for (size_t j = 0; j < k; ++j) {
        const double w = p.weights[j], d = download_s_[(i * rungs + r) * k + j];
        // Levels [0, stalls) are below d: they stall d − b and end at one segment.
        size_t stalls = std::min(grid, static_cast<size_t>(std::max(std::ceil(d / step), 0.0)));
        while (stalls < grid && static_cast<double>(stalls) * step < d) ++stalls;
        while (stalls > 0 && static_cast<double>(stalls - 1) * step >= d) --stalls;
        const double after_stall = last_step ? 0.0 : value_after(r, p.segment_duration_s);
        for (size_t g = 0; g < stalls; ++g)
          e[g] += w * (after_stall - p.rebuffer_penalty * (d - static_cast<double>(g) * step));
        if (last_step) continue;
        // Levels from `stalls` on end at level g + shift (T − d in grid steps),
        // capped at the top: the same interpolation weights for every g.
        const double shift = (p.segment_duration_s - d) / step;
        const double whole = std::floor(shift), frac = shift - whole;
        const double last = static_cast<double>(grid - 1);
        size_t capped = static_cast<size_t>(std::clamp(std::ceil(last - shift), static_cast<double>(stalls),
                                                       static_cast<double>(grid)));
        while (capped < grid && static_cast<double>(capped) + shift < last) ++capped;
        while (capped > stalls && static_cast<double>(capped - 1) + shift >= last) --capped;
        for (size_t g = stalls; g < capped; ++g) {
          const size_t lo = static_cast<size_t>(static_cast<double>(g) + whole);
          e[g] += w * (v[lo] + frac * (v[lo + 1] - v[lo]));
        }
        for (size_t g = capped; g < grid; ++g) e[g] += w * v[grid - 1];
      }
    }
    current_.resize(rungs * grid);
    for (size_t l = 0; l < rungs; ++l) {
      const double u_prev = p.utility[(i - 1) * rungs + l];
      double* c = &current_[l * grid];
      std::fill(c, c + grid, -INFINITY);
      for (size_t r = 0; r < rungs; ++r) {
        const double u = p.utility[i * rungs + r];
        const double gain = u - std::fabs(u - u_prev);
        const double* e = &expected_[r * grid];
        for (size_t g = 0; g < grid; ++g) c[g] = std::max(c[g], gain + e[g]);
      }
    }
    std::swap(next_, current_);
  }

  // Step 0 from the actual buffer.
  const double b0 = std::clamp(p.start_buffer_s, 0.0, cap);
  BufferDpPlan plan;
  double best = -INFINITY;
  for (size_t r = 0; r < rungs; ++r) {
    const double u = p.utility[r];
    double value = u - std::fabs(u - p.previous_utility), stall_probability = 0;
    for (size_t j = 0; j < k; ++j) {
      const double d = download_s_[r * k + j];
      const double stall = std::max(d - b0, 0.0);
      const double after = p.horizon > 1 ? value_after(r, std::max(b0 - d, 0.0) + p.segment_duration_s) : 0.0;
      value += p.weights[j] * (after - p.rebuffer_penalty * stall);
      if (stall > 0) stall_probability += p.weights[j];
    }
    if (best == -INFINITY || value > best + 1e-9 * (1 + std::fabs(best))) {
      best = value;
      plan = {r, value, stall_probability};
    }
  }
  return plan;
}

}  // namespace abr
