// Per-session metrics, as the bench reports them. Following the reference
// (abr-reference/REFERENCE-MODEL.md), chunk 0 is start-up: QoE, bitrate,
// rebuffering, switches and PSNR cover chunks 1..N−1 (chunk 0 still anchors
// the first switch), and start-up is chunk 0's delay.
#pragma once

#include <optional>
#include <ostream>
#include <span>
#include <vector>

#include "player/abr/qoe.h"
#include "player/sim/session_result.h"
#include "player/sim/video_model.h"

namespace sim {

// The three QoE scales of a video's ladder, computed once per bench run.
struct QoeScales {
  abr::QoeScale lin, log, hd;
  explicit QoeScales(const VideoModel& video);
};

struct SessionMetrics {
  size_t chunks = 0;          // N
  double qoe_lin = 0;         // mean per chunk over chunks 1..N−1
  double qoe_log = 0;
  double qoe_hd = 0;
  double qoe_lin_sum = 0;     // the sum behind qoe_lin
  double bitrate_mbps = 0;    // mean nominal bitrate
  double rebuffer_s = 0;      // total stall
  double rebuffer_count = 0;  // chunks whose download stalled playback (one stall each)
  double rebuffer_ratio = 0;  // stall / (stall + media time played), chunks 1..N−1
  double startup_s = 0;       // chunk 0: request → playable (live: its first chunk)
  double switches = 0;        // chunks whose rung differs from the previous chunk's
  double switch_mbps = 0;     // mean |ΔR| per switch (0 without switches)
  double abandoned = 0;       // abandoned attempts (request model)
  std::optional<double> psnr_db;  // mean PSNR when the video has it
  // What real players add (player_log.h): media bytes downloaded but never
  // played (abandoned attempts; copies a browser replaced), frames dropped,
  // and the delivered-rate check of the emulated link (link_check.h). The
  // simulator knows only the first (abandoned attempts, request model).
  std::optional<double> wasted_mb;
  std::optional<double> dropped_frames;
  std::optional<double> link_ratio;
  // Live sessions (live_session.h): the latency (live edge − position) over
  // the session from start-up on, sampled at a fixed period: its mean and
  // 95th percentile, and QoE_live = qoe_lin − λ · mean(max(0, latency − target))
  // with λ = kLiveLatencyWeight × μ_lin (see live_latency_weight()).
  std::optional<double> latency_mean_s;
  std::optional<double> latency_p95_s;
  std::optional<double> qoe_live;
  std::optional<double> live_jumps;  // jumps to the live edge (far behind)
};

// λ of QoE_live as a share of QoE_lin's stall weight μ: dash.js's LoL+ QoE
// (QoeEvaluator.js, Bentaleb et al. MMSys 2021) charges a stall second the top
// bitrate and, above 1.1 s of latency, a second of latency per segment 0.1 ×
// the top bitrate. Charged on the excess over the target only: the target is
// the service's choice, what the algorithm adds on top is its doing.
constexpr double kLiveLatencyWeight = 0.1;
double live_latency_weight(const QoeScales& scales);  // λ = 0.1 × μ_lin (0.43 on Pensieve's ladder)

SessionMetrics session_metrics(const SessionResult& session, const VideoModel& video, const QoeScales& scales);

// A throughput prediction and what the download then got (bit/s).
struct PredictionSample {
  uint32_t segment = 0;
  float predicted_bps = 0;
  float actual_bps = 0;
};
// Chunks 1..N−1 whose algorithm predicted a throughput (estimate_bps > 0),
// against size / transfer time of the download that followed.
std::vector<PredictionSample> prediction_samples(const SessionResult& session);

// The mean of each metric over `sessions` (PSNR over those that have it).
SessionMetrics mean_metrics(std::span<const SessionMetrics> sessions);

// Jain's fairness index of `x` (e.g. players' mean bitrates):
// (Σx)² / (n·Σx²), 1 when all are equal, 1/n when one gets everything.
// 1 for no values or all zeros (nobody is treated worse than another).
double jain_index(std::span<const double> x);

std::ostream& operator<<(std::ostream& os, const SessionMetrics& m);

}  // namespace sim
