// Exponential backoff with full jitter for failed segment requests.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

namespace player {

struct RetryPolicy {
  int max_attempts = 4;          // at least this many tries (plus one per extra BaseURL)
  double max_total_ms = 10000;   // and keep trying until this much time has passed: an origin
                                 // restarting for a few seconds must not cost a segment
  double base_delay_ms = 100;    // first retry waits up to this
  double max_delay_ms = 2000;    // cap on any single wait
  double multiplier = 2.0;

  // Delay before retry number `attempt` (1 = the first retry): a uniform draw in
  // [0.5, 1] × min(max, base × multiplier^(attempt−1)). Half the range is
  // random so that many clients failing together do not retry in lockstep.
  bool another_try(int attempts_made, int min_attempts, double elapsed_ms) const {
    return attempts_made < min_attempts || elapsed_ms < max_total_ms;
  }

  double delay_ms(int attempt, std::mt19937_64& rng) const {
    double ceiling = std::min(max_delay_ms, base_delay_ms * std::pow(multiplier, std::max(0, attempt - 1)));
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    return ceiling * jitter(rng);
  }
};

}  // namespace player
