// What an MPC-style planner (hedge, smpc) maximises per segment: a utility per
// upcoming segment and rung, and the price of a second of stall.
// - By default the utility is the nominal bitrate in Mbit/s and the stall
//   price QoE_lin's μ (qoe.h): one second of stall costs one second of the
//   top rung.
// - When segments.json gives PSNR for every planned segment and it never
//   falls from one rung to the next (x264 measures each rung at its own
//   resolution, so falling scores do not rank what the viewer sees), the
//   utility is PSNR (dB) per segment and rung, and μ keeps QoE_lin's ratio of
//   stall cost to quality range: μ = (PSNR_top − PSNR_lowest) · R_max / (R_max − R_min).
#pragma once

#include <cstddef>
#include <vector>

#include "player/abr/types.h"

namespace abr {

struct PlanningUtility {
  double previous = 0;          // utility of the segment before the plan (the last rung)
  double rebuffer_penalty = 0;  // μ per second of stall
  bool quality = false;         // PSNR rather than bitrate
};

// Fills `utility` with [horizon][rungs] values for the first `rungs` rungs.
// requires: 1 ≤ rungs ≤ context.rungs(), horizon ≥ 1.
PlanningUtility planning_utility(const AbrContext& context, size_t rungs, size_t horizon, std::vector<double>& utility);

}  // namespace abr
