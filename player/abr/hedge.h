// Placeholder while the design is worked out.
#pragma once

#include "player/abr/mpc.h"

namespace abr {

class Hedge : public AbrAlgorithm {
 public:
  std::string_view name() const override { return "hedge"; }
  void observe(const SegmentResult& result) override { mpc_.observe(result); }
  Decision choose(const AbrContext& context) override { return mpc_.choose(context); }
  double estimate_bps() const override { return mpc_.estimate_bps(); }

 private:
  Mpc mpc_{MpcOptions{.robust = true, .horizon = 5, .reference_quirks = false}};
};

}  // namespace abr
