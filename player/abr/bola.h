// BOLA (Spiteri, Urgaonkar, Sitaraman, "BOLA: Near-Optimal Bitrate Adaptation
// for Online Videos", INFOCOM 2016), in its BASIC form: Lyapunov optimisation
// of utility + γ·(playback smoothness) with the buffer Q as the only input.
// Before each request choose the rung m that maximises
//     (V·(v_m + γp) − Q) / S_m
// with utilities v_m = ln(S_m / S_1), S_m the nominal bitrate of rung m,
// Q the buffer level (s) and V chosen so that the top rung is reached when
// the buffer is one segment short of its target Q_max:
//     V = (Q_max − p) / (v_M + γp).
// When even the chosen rung's score is negative the buffer is above its
// target: wait until it drains to V·(v_m + γp). γp = 5 and Q_max = the
// session's buffer cap follow Sabre's defaults.
#pragma once

#include <vector>

#include "player/abr/algorithm.h"

namespace abr {

struct BolaOptions {
  double gamma_p = 5;  // γ·p, the weight of smoothness against utility (Sabre's default)
};

// ln(b_m / b_0) + offset for every rung.
std::vector<double> log_utilities(std::span<const double> bitrates_bps, double offset);

class BolaBasic : public AbrAlgorithm {
 public:
  explicit BolaBasic(BolaOptions options = {}) : options_(options) {}
  std::string_view name() const override { return "bola"; }
  void observe(const SegmentResult&) override {}
  Decision choose(const AbrContext& context) override;

 private:
  BolaOptions options_;
  std::vector<double> utilities_;
};

}  // namespace abr
