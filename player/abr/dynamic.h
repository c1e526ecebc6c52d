// DYNAMIC (Spiteri et al., MMSys 2018; dash.js's default strategy, Sabre's
// DynamicDash): the throughput rule while the buffer is short, BOLA-E once
// it exceeds 10 s, back to the throughput rule below 5 s (hysteresis so the
// two do not alternate). Both see every download.
#pragma once

#include "player/abr/bola_e.h"
#include "player/abr/throughput_rule.h"

namespace abr {

struct DynamicOptions {
  double to_bola_above_s = 10;       // switch to BOLA-E above this buffer
  double to_throughput_below_s = 5;  // and back below this one
};

class Dynamic : public AbrAlgorithm {
 public:
  explicit Dynamic(DynamicOptions options = {}) : options_(options) {}
  std::string_view name() const override { return "dynamic"; }
  void observe(const SegmentResult& result) override;
  Decision choose(const AbrContext& context) override;
  std::optional<size_t> should_abandon(const DownloadProgress& progress, const AbrContext& context) override;
  double estimate_bps() const override { return throughput_.estimate_bps(); }
  bool using_bola() const { return use_bola_; }

 private:
  DynamicOptions options_;
  BolaE bola_;
  ThroughputRule throughput_;
  bool use_bola_ = false;
};

}  // namespace abr
