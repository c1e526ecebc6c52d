#include "player/abr_exec/any_algorithm.h"

#include "player/abr/registry.h"

namespace abr_exec {

media::Result<std::unique_ptr<abr::AbrAlgorithm>> make_any_algorithm(std::string_view name,
                                                                     const ExecOptions& options) {
  if (!name.starts_with(kExecPrefix)) return abr::make_algorithm(name);
  auto exec = ExecAlgorithm::start(std::string(name.substr(kExecPrefix.size())), options);
  if (!exec) return exec.error();
  return std::unique_ptr<abr::AbrAlgorithm>(std::move(exec.value()));
}

}  // namespace abr_exec
