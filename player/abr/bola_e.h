// BOLA-E (Spiteri, Sitaraman, Sparacio, "From Theory to Practice: Improving
// Bitrate Adaptation in the DASH Reference Player", MMSys 2018), following
// the authors' Sabre implementation (BolaEnh):
// - utilities u_m = ln(b_m / b_0) + 1, buffer target
//   Q = max(10 s + 2 s × rungs, buffer cap); with the 10 s minimum buffer
//   γp = (u_M − 1) / (Q / 10 s − 1) and V = 10 s / γp (one named function).
// - Start-up: the first decision with a throughput estimate takes the
//   throughput rung and inserts a *placeholder* buffer, the virtual buffer
//   BOLA would need to have chosen that rung, so that BOLA continues from it
//   instead of dropping to the lowest rung while the real buffer is small.
// - Steady: BOLA on (buffer + placeholder); going up beyond both the last
//   rung and the throughput rung is limited to max(last, throughput rung)
//   (BOLA-O, dash.js); a buffer above the chosen rung's level is first taken
//   out of the placeholder, then waited out. Full-buffer waits add to the
//   placeholder; each download bounds it again.
// - The insufficient-buffer cap (factor 0.9 decaying to 0.5) bounds the
//   choice; abandonment compares BOLA scores of the rest of this download
//   with a fresh download at a lower rung.
#pragma once

#include <vector>

#include "player/abr/algorithm.h"
#include "player/abr/ewma_estimator.h"

namespace abr {

struct BolaEParameters {
  std::vector<double> utilities;  // u_m
  double gamma_p = 0;             // γp
  double v_s = 0;                 // V (seconds per unit of utility)
  double target_s = 0;            // Q
};

// The derivation above, in one place.
BolaEParameters bola_e_parameters(std::span<const double> bitrates_bps, double buffer_cap_s);

class BolaE : public AbrAlgorithm {
 public:
  std::string_view name() const override { return "bola-e"; }
  void observe(const SegmentResult& result) override;
  Decision choose(const AbrContext& context) override;
  std::optional<size_t> should_abandon(const DownloadProgress& progress, const AbrContext& context) override;
  double estimate_bps() const override { return throughput_.estimate_bps(); }

  double placeholder_s() const { return placeholder_s_; }
  bool started() const { return steady_; }

 private:
  void update_parameters(const AbrContext& ctx);
  size_t rung_from_buffer(double level_s, std::span<const double> bitrates_bps) const;
  double min_buffer_for(size_t rung, std::span<const double> bitrates_bps) const;
  double max_buffer_for(size_t rung) const;

  EwmaPairEstimator throughput_;
  LatencyEstimator latency_;
  BolaEParameters params_;
  std::vector<double> ladder_bps_;  // the ladder params_ were derived for
  double params_cap_s_ = -1;
  bool steady_ = false;
  double placeholder_s_ = 0;
  size_t last_rung_ = 0;
  double buffer_factor_ = 0.9;
  std::optional<size_t> abandon_to_;  // what abandon() last proposed
};

}  // namespace abr
