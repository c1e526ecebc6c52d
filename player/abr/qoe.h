// QoE of a streaming session (Yin et al., SIGCOMM 2015, as Pensieve uses it),
// the one definition shared by the simulator, the bench and the player:
//
//   QoE = Σ_n q(R_n) − μ Σ_n T_n − Σ_n |q(R_n) − q(R_{n−1})|
//
// over chunks n with nominal bitrate R_n and stall T_n (s) while chunk n
// downloaded. Reported per chunk: the sum over chunks 1..N−1 divided by N−1
// (chunk 0 and its start-up delay are left out; chunk 0 still anchors the
// first switch term).
//
// The three published variants are defined on Pensieve's 6-rung ladder
// (0.3 … 4.3 Mbit/s). Our generalisation to any ladder (lowest first) keeps
// the published numbers exactly on that ladder:
// - lin: q(R) = R in Mbit/s; μ = R_max in Mbit/s (4.3 on the reference
//   ladder: one second of stall costs one second of the top rung).
// - log: q(R) = ln(R / R_min); μ = ln(R_max / R_min) rounded to two decimals
//   (ln(4300/300) = 2.6626 → the published 2.66).
// - hd: q(rung) interpolates the table 1, 2, 3, 12, 15, 20 over the rung's
//   relative position in the ladder (rung i of L sits at 5·i/(L−1) on the
//   table's 0..5 axis), μ = 8. The table rewards the upper half of a ladder
//   strongly, whatever its bitrates; on the reference ladder it is exact.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace abr {

enum class QoeMetric { kLin, kLog, kHd };
const char* to_string(QoeMetric metric);

struct QoeScale {
  std::vector<double> utility;  // q per rung
  // |q(r) − q(p)| at [r · rungs + p]; for lin computed from the integer
  // bitrates (|R_r − R_p| / 10^6) as the reference does.
  std::vector<double> switch_penalty;
  double rebuffer_penalty = 0;  // μ per second of stall
  size_t rungs() const { return utility.size(); }
};

// requires: !ladder_bps.empty(), ladder ascending and positive.
double rebuffer_penalty(QoeMetric metric, std::span<const double> ladder_bps);
QoeScale qoe_scale(QoeMetric metric, std::span<const double> ladder_bps);

// One chunk's term: q(R_n) − μ T_n − |q(R_n) − q(R_{n−1})|.
double chunk_qoe(const QoeScale& scale, size_t rung, size_t previous_rung, double rebuffer_s);

struct QoeScores {
  double lin = 0;
  double log = 0;
  double hd = 0;
};

// Mean per chunk over chunks 1..N−1; zeros when N < 2.
QoeScores qoe_per_chunk(std::span<const size_t> rungs, std::span<const double> rebuffer_s,
                        std::span<const double> ladder_bps);
double qoe_per_chunk(const QoeScale& scale, std::span<const size_t> rungs, std::span<const double> rebuffer_s);

// For callers that record bitrates: each is mapped to the ladder rung with
// the nearest bitrate.
QoeScores qoe_per_chunk_from_bitrates(std::span<const double> chunk_bitrates_bps, std::span<const double> rebuffer_s,
                                      std::span<const double> ladder_bps);

}  // namespace abr
