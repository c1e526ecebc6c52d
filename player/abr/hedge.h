// hedge (prototype under evaluation).
#pragma once

#include <vector>

#include "player/abr/algorithm.h"
#include "player/abr/window_estimators.h"

namespace abr {

struct HedgeOptions {
  size_t horizon = 5;
  size_t sample_window = 5;
  size_t ratio_window = 10;
  size_t scenarios = 5;
  size_t tail_segments = 5;
  bool separate_latency = true;
  int mode = 0;  // 0 expected over scenarios, 1 worst scenario only, 2 robustMPC discount
  double stall_weight = 1;  // × μ
  bool terminal_value = false;
  double terminal_scale = 1;
  bool ties_high = false;
  bool planner_cap = true;
};

class Hedge : public AbrAlgorithm {
 public:
  explicit Hedge(HedgeOptions options = {});
  std::string_view name() const override { return "hedge"; }
  void observe(const SegmentResult& result) override;
  Decision choose(const AbrContext& context) override;
  double estimate_bps() const override { return rates_.estimate() * 8; }

 private:
  HedgeOptions options_;
  SlidingHarmonicMean rates_;   // bytes/s
  SampleWindow ratios_;         // actual / predicted
  double latency_s_ = 0;
  bool have_latency_ = false;
  double last_prediction_ = 0;  // bytes/s
  std::vector<double> scenario_rates_, scenario_weights_;
  std::vector<double> download_s_;  // [scenario][step][rung]
  std::vector<double> tail_size_;   // mean size per rung after the horizon
};

}  // namespace abr
