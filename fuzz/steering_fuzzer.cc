// The steering inputs on any bytes: a policy file, a pathway's /metrics text
// and a NAME=URL pathway each yield a value or an Error, never a crash; a
// policy that parses ranks any health into every pathway exactly once.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "media/pathway.h"
#include "origin/steering.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)media::parse_pathway(text);
  if (auto counters = origin::parse_origin_counters(text); counters && counters->errors > counters->requests)
    std::abort();  // 5xx answers are some of the requests
  auto policy = origin::parse_steering_policy(text);
  if (!policy.ok()) return 0;
  const std::vector<media::Pathway> pathways = {{"alpha", "http://a/"}, {"beta", "http://b/"}, {"gamma", "http://c/"}};
  std::vector<origin::PathwayHealth> health(pathways.size());
  for (size_t i = 0; i < health.size(); ++i) health[i].state = static_cast<origin::PathwayState>((size + i) % 4);
  for (double t : {0.0, 30.0, 1e6}) {
    auto ranked = origin::rank_pathways(pathways, health, *policy, t);
    std::sort(ranked.begin(), ranked.end());
    if (ranked != std::vector<std::string>{"alpha", "beta", "gamma"}) std::abort();
  }
  return 0;
}
