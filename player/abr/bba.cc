#include "player/abr/bba.h"

#include <cmath>

namespace abr {

Decision BbaRungIndex::choose(const AbrContext& ctx) {
  Decision d;
  const double b = ctx.buffer_s;
  const double r = options_.reservoir_s, c = options_.cushion_s;
  const size_t top = ctx.top_rung();
  if (b < r) {
    d.rung = 0;
  } else if (b >= r + c) {
    d.rung = top;
  } else {
    // Same operation order as the reference: (L−1)·(B − r) / c, truncated.
    d.rung = static_cast<size_t>(static_cast<double>(top) * (b - r) / c);
    if (d.rung > top) d.rung = top;
  }
  d.reason = make_reason("buffer %.2f s in reservoir %.0f s + cushion %.0f s", b, r, c);
  return d;
}

Decision BbaRateMap::choose(const AbrContext& ctx) {
  Decision d;
  const auto& rates = ctx.bitrates_bps;
  const size_t top = ctx.top_rung();
  const double b = ctx.buffer_s;
  const double r = options_.reservoir_s, c = options_.cushion_s;
  const double f = rates[0] + (rates[top] - rates[0]) * (b - r) / c;
  const size_t prev = ctx.last_rung ? std::min(*ctx.last_rung, top) : 0;
  const double r_plus = rates[prev == top ? top : prev + 1];
  const double r_minus = rates[prev == 0 ? 0 : prev - 1];
  if (b <= r) {
    d.rung = 0;
  } else if (b >= r + c) {
    d.rung = top;
  } else if (f >= r_plus) {
    d.rung = 0;
    for (size_t q = 0; q <= top; ++q)
      if (rates[q] < f) d.rung = q;
  } else if (f <= r_minus) {
    d.rung = top;
    for (size_t q = top + 1; q-- > 0;)
      if (rates[q] > f) d.rung = q;
  } else {
    d.rung = prev;
  }
  d.reason = make_reason("buffer %.2f s maps to %.0f kbit/s", b, f / 1000);
  return d;
}

}  // namespace abr
