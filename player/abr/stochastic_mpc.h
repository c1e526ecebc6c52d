// smpc: dashstream's own ABR algorithm (the registry's "default").
//
// Stochastic MPC as Puffer's Fugu does it (Yan et al., NSDI 2020), with a
// forecast learned from the session itself instead of a neural network:
//
// 1. Forecast (throughput_forecast.h): a point prediction of the transfer
//    rate (geometric mean of the harmonic mean of the last 5 rates and the
//    last rate), the request latency apart, and 12 scenarios of its error
//    whose spread σ is learned online from the session's own prediction
//    errors and whose shape was measured on the shared traces; the spread
//    grows like √k for the k-th download ahead.
// 2. Plan (buffer_dp.h): over the next 16 segments (64 s of the reference
//    video, about its 60 s buffer cap), dynamic programming over buffer
//    levels on a 0.5 s grid maximises the expected QoE: utility − |Δutility|
//    − μ·stall, with the real sizes of the next segments, the buffer cap and
//    μ of the QoE definition (planning_utility.h: bitrate, or PSNR when
//    segments.json has it). Later steps react to how the earlier ones went,
//    so the plan values buffer for what it lets the player do next, not by
//    a fixed margin.
// 3. Abandonment (segment_abandonment.h), as hedge does it.
//
// Parameters and their reasons are in the files above; none was fitted to a
// single trace. player/sim/README.md compares it with the others.
#pragma once

#include <vector>

#include "player/abr/algorithm.h"
#include "player/abr/buffer_dp.h"
#include "player/abr/throughput_forecast.h"

namespace abr {

struct StochasticMpcOptions {
  size_t horizon = 16;          // segments planned ahead
  double buffer_step_s = 0.5;   // grid of the buffer levels
};

class StochasticMpc : public AbrAlgorithm {
 public:
  explicit StochasticMpc(StochasticMpcOptions options = {}) : options_(options) {}
  std::string_view name() const override { return "smpc"; }
  void observe(const SegmentResult& result) override { forecast_.observe(result); }
  Decision choose(const AbrContext& context) override;
  std::optional<size_t> should_abandon(const DownloadProgress& progress, const AbrContext& context) override;
  // The point prediction (bit/s), as the report plots it against what followed.
  double estimate_bps() const override { return forecast_.rate_bytes_per_s() * 8; }

  const ThroughputForecast& forecast() const { return forecast_; }

 private:
  StochasticMpcOptions options_;
  ThroughputForecast forecast_;
  BufferDp dp_;
  std::vector<double> sizes_, utility_, rates_;  // planner tables, reused
};

}  // namespace abr
