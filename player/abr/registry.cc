#include "player/abr/registry.h"

#include "media/text.h"
#include "player/abr/bba.h"
#include "player/abr/bola.h"
#include "player/abr/bola_e.h"
#include "player/abr/dynamic.h"
#include "player/abr/fixed.h"
#include "player/abr/hedge.h"
#include "player/abr/l2a.h"
#include "player/abr/mpc.h"
#include "player/abr/rate_based.h"
#include "player/abr/stochastic_mpc.h"
#include "player/abr/throughput_rule.h"

namespace abr {
namespace {

template <typename T>
std::unique_ptr<AbrAlgorithm> make() {
  return std::make_unique<T>();
}

std::unique_ptr<AbrAlgorithm> make_mpc() { return std::make_unique<Mpc>(MpcOptions{.robust = false}); }
std::unique_ptr<AbrAlgorithm> make_robust_mpc() { return std::make_unique<Mpc>(MpcOptions{.robust = true}); }
std::unique_ptr<AbrAlgorithm> make_robust_mpc_exhaustive() {
  return std::make_unique<Mpc>(MpcOptions{.robust = true, .exhaustive = true});
}

}  // namespace

const std::vector<AlgorithmInfo>& algorithms() {
  static const std::vector<AlgorithmInfo> list = {
      {"fixed", "always the lowest rung (fixed:N pins rung N)", &make<FixedRung>, false},
      {"throughput", "throughput rule: 0.9 x EWMA pair, insufficient-buffer cap (dash.js/Sabre)", &make<ThroughputRule>},
      {"bb", "buffer-based, linear in rung index, reservoir 5 s + cushion 10 s (Pensieve's BB)", &make<BbaRungIndex>},
      {"bba", "BBA-0: buffer-based, linear in bitrate, with the paper's rate-map hysteresis", &make<BbaRateMap>},
      {"rb", "rate-based: harmonic mean of the last 5 samples, no safety factor (Pensieve's RB)", &make<RateBased>},
      {"bola", "BOLA-BASIC (INFOCOM 2016): Lyapunov buffer rule", &make<BolaBasic>},
      {"bola-e", "BOLA-E (MMSys 2018): placeholder buffer, BOLA-O, insufficient-buffer cap", &make<BolaE>},
      {"dynamic", "DYNAMIC: throughput rule below 10 s of buffer, BOLA-E above, back below 5 s", &make<Dynamic>},
      {"mpc", "MPC, horizon 5, harmonic-mean prediction (Pensieve's test/mpc.py without the discount)", &make_mpc},
      {"robustmpc", "robustMPC: MPC with the prediction divided by 1 + max recent error", &make_robust_mpc},
      {"robustmpc-exhaustive", "robustMPC enumerating all 6^5 plans, as the reference does (speed peer)",
       &make_robust_mpc_exhaustive, false},
      {"hedge", "our previous default: MPC on a rate hedged by the largest recent error, known sizes, buffer cap",
       &make<Hedge>},
      {"l2a", "L2A-LL (MMSys 2020, dash.js low-latency rule): online convex optimisation over rung weights",
       &make<L2a>},
      {"smpc", "ours (default): stochastic MPC, DP over buffer levels, error spread learned per session",
       &make<StochasticMpc>},
  };
  return list;
}

std::string_view default_algorithm_name() { return "smpc"; }

media::Result<std::unique_ptr<AbrAlgorithm>> make_algorithm(std::string_view name) {
  if (name == "default") name = default_algorithm_name();
  if (media::starts_with_ci(name, "fixed:")) {
    auto rung = media::parse_uint64(name.substr(6));
    if (!rung || *rung > 1000)
      return media::make_error(media::ErrorCode::kInvalidArgument,
                               "ABR 'fixed:N' needs a rung number N, got '" + std::string(name) + "'");
    return std::unique_ptr<AbrAlgorithm>(std::make_unique<FixedRung>(static_cast<size_t>(*rung)));
  }
  for (const auto& info : algorithms())
    if (info.name == name) return info.make();
  std::string known;
  for (const auto& n : algorithm_names()) known += (known.empty() ? "" : ", ") + n;
  return media::make_error(media::ErrorCode::kInvalidArgument,
                           "unknown ABR algorithm '" + std::string(name) + "' (known: " + known + ")");
}

std::vector<std::string> algorithm_names() {
  std::vector<std::string> names;
  for (const auto& info : algorithms()) names.emplace_back(info.name);
  names.emplace_back("default");
  return names;
}

}  // namespace abr
