// The one list of ABR algorithms by name, used by the player (--abr), the
// bench (--abr NAME,...|all) and the tests. "default" selects the project's
// own algorithm; "fixed:N" pins rung N.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "media/error.h"
#include "player/abr/algorithm.h"

namespace abr {

struct AlgorithmInfo {
  std::string_view name;
  std::string_view summary;  // one line for --help / --list-abr
  std::unique_ptr<AbrAlgorithm> (*make)();
  bool in_all = true;  // false: a peer for tests and benchmarks, left out of "all" lists
};

// Every registered algorithm, in a stable order (baselines, then ours).
const std::vector<AlgorithmInfo>& algorithms();
// The name "default" stands for.
std::string_view default_algorithm_name();
// Builds a fresh algorithm (one per session). Errors name the unknown name
// and list the known ones.
media::Result<std::unique_ptr<AbrAlgorithm>> make_algorithm(std::string_view name);
// Registered names plus "default".
std::vector<std::string> algorithm_names();

}  // namespace abr
