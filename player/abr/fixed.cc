#include "player/abr/fixed.h"

#include <algorithm>

namespace abr {

Decision FixedRung::choose(const AbrContext& context) {
  Decision d;
  d.rung = std::min(rung_, context.top_rung());
  d.reason = make_reason("fixed rung %.0f", static_cast<double>(d.rung));
  return d;
}

}  // namespace abr
