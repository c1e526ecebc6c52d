#include "packager/thread_plan.h"

#include <algorithm>

namespace packager {

ThreadPlan plan_threads(int cores, const std::vector<LadderRung>& rungs, uint64_t source_pixels) {
  cores = std::max(1, cores);
  ThreadPlan plan;
  // Decoding is a small share next to several encoders; one extra thread
  // keeps it off the critical path on multi-core machines.
  plan.decoder_threads = cores > 1 ? 2 : 1;
  uint64_t total = 0;
  for (const auto& r : rungs) total += uint64_t(r.width) * r.height;
  (void)source_pixels;
  for (const auto& r : rungs) {
    const double share = total > 0 ? double(uint64_t(r.width) * r.height) / double(total) : 1.0;
    // A rung that is more than ~1/cores of the encoding work gets frame
    // threads so it can use more than one core while the others finish.
    int threads = 1;
    if (cores > 1 && share * cores > 0.8) threads = std::min(cores + 1, 4);
    plan.encoder_threads.push_back(threads);
  }
  return plan;
}

}  // namespace packager
