// How many threads each stage gets so that the cores are busy without
// oversubscription: rung workers already run in parallel, so x264's own
// frame threads are only worth it for a rung that alone is a large share of
// the work (its encoder would otherwise be the critical path). Pure code.
#pragma once

#include <vector>

#include "packager/ladder.h"

namespace packager {

struct ThreadPlan {
  int decoder_threads = 1;            // for the source's video decoder
  std::vector<int> encoder_threads;   // per rung, same order as the ladder
  bool operator==(const ThreadPlan&) const = default;
};

// `cores`: CPU threads available; `source_pixels`: width × height decoded per frame.
ThreadPlan plan_threads(int cores, const std::vector<LadderRung>& rungs, uint64_t source_pixels);

}  // namespace packager
