// Builds any algorithm by name for the simulator and the player: "exec:CMD"
// runs an external program (exec_algorithm.h), every other name goes to the
// pure registry (abr::make_algorithm).
#pragma once

#include <memory>
#include <string_view>

#include "media/error.h"
#include "player/abr/algorithm.h"
#include "player/abr_exec/exec_algorithm.h"

namespace abr_exec {

inline constexpr std::string_view kExecPrefix = "exec:";

media::Result<std::unique_ptr<abr::AbrAlgorithm>> make_any_algorithm(std::string_view name,
                                                                     const ExecOptions& options = {});

}  // namespace abr_exec
