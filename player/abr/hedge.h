// hedge: dashstream's previous default ABR algorithm (now smpc, stochastic_mpc.h), kept
// for comparison.
//
// It plans like MPC (Yin et al., SIGCOMM 2015) over the next few segments
// whose sizes it knows, and hedges its throughput bet the way robustMPC does,
// but repairs what the reference robustMPC gets wrong and adds what a real
// player needs:
//
// 1. Prediction. Throughput samples are bytes / transfer time, with the
//    request latency (time to first byte) kept apart: a segment is predicted
//    to take  latency + size / rate.  The rate is the harmonic mean of the last
//    5 samples (dominated by the slow ones, so one fast outlier cannot lift
//    it), divided by 1 + the largest relative error |prediction − actual| /
//    actual of the predictions made over the last 2·H segments. Errors in
//    either direction count: a surprise upwards is as much a sign of a
//    volatile link as one downwards. The memory is twice the horizon so that
//    every error the plan could have suffered from is remembered while its
//    consequences are still in the buffer (robustMPC's 5 forgets too soon on
//    links with long fades: on the Pensieve traces it stalls more).
// 2. Plan. Over H = 5 segments (fewer near the end), maximise the session's
//    own QoE: Σ quality − |Δ quality| − μ·stall, with the real sizes of the
//    next segments (the reference implementation reads them shifted by one),
//    the buffer cap, and μ from qoe.h (one second of stall costs as much as a
//    segment at the top rung).
// 3. No risk without gain. Among equally good plans, the one that keeps
//    more buffer wins, then the lower rung. Going up on the last planned
//    segment gains exactly the switching cost it pays, so the reference
//    robustMPC, which breaks ties upwards, takes that risk for nothing on
//    every last segment.
// 4. Quality. When segments.json gives PSNR for the next segments and it
//    never falls from one rung to the next (x264 measures each rung at its
//    own resolution, so falling scores do not rank what the viewer sees),
//    quality is PSNR (dB) per segment and rung instead of the nominal bitrate, and μ
//    keeps QoE_lin's ratio of stall cost to quality range:
//    μ = (PSNR_top − PSNR_lowest) · R_max / (R_max − R_min).
// 5. Abandonment. While a download runs, the segment's own QoE term
//    (quality − switch − μ·stall at the rate measured so far) of carrying on
//    is compared with restarting at each lower rung (latency included); the
//    best one wins.
//
// Parameters: the horizon H (5, as MPC; it also sets the error memory 2·H)
// and the harmonic-mean window (5, as RB and MPC). Nothing was fitted to
// individual traces; see player/sim/README.md for the comparison.
#pragma once

#include <vector>

#include "player/abr/algorithm.h"
#include "player/abr/window_estimators.h"

namespace abr {

struct HedgeOptions {
  size_t horizon = 5;        // segments planned ahead; errors are remembered for 2 × horizon
  size_t sample_window = 5;  // throughput samples in the harmonic mean
};

class Hedge : public AbrAlgorithm {
 public:
  explicit Hedge(HedgeOptions options = {});
  std::string_view name() const override { return "hedge"; }
  void observe(const SegmentResult& result) override;
  Decision choose(const AbrContext& context) override;
  std::optional<size_t> should_abandon(const DownloadProgress& progress, const AbrContext& context) override;
  double estimate_bps() const override { return rate_bytes_per_s() * 8; }

  // The hedged transfer rate the planner uses (bytes/s; 0 before any sample).
  double rate_bytes_per_s() const;
  double latency_s() const;

 private:
  HedgeOptions options_;
  SlidingHarmonicMean rates_;  // bytes/s
  SampleWindow errors_;        // relative errors of past predictions
  SampleWindow latencies_;     // seconds
  double last_prediction_ = 0;
  std::vector<double> download_s_, utility_;  // planner tables, reused
};

}  // namespace abr
