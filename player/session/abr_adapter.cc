// Interim rate chooser until the ABR library (player/abr/) lands: a
// throughput rule over an EWMA of download throughput. Replaced by the
// library's registry.
#include <algorithm>
#include <cstdio>

#include "player/session/rate_chooser.h"

namespace player {
namespace {

class ThroughputChooser : public RateChooser {
 public:
  Choice choose(const ChoiceInput& in) override {
    Choice c;
    c.estimate_bps = estimate_bps_;
    if (estimate_bps_ <= 0) {
      c.rung = 0;
      c.reason = "no estimate yet: lowest";
      return c;
    }
    const double budget = 0.9 * estimate_bps_;
    for (size_t r = 0; r < in.bitrates_bps.size(); ++r)
      if (in.bitrates_bps[r] <= budget) c.rung = r;
    char buf[96];
    std::snprintf(buf, sizeof buf, "0.9 x %.0f kbit/s", estimate_bps_ / 1000);
    c.reason = buf;
    return c;
  }
  void observe(const DownloadObservation& obs) override {
    if (obs.abandoned || obs.download_s <= 0 || !obs.usable_for_estimate) return;
    double sample = obs.size_bytes * 8 / obs.download_s;
    estimate_bps_ = estimate_bps_ <= 0 ? sample : 0.7 * estimate_bps_ + 0.3 * sample;
  }
  double estimate_bps() const override { return estimate_bps_; }
  std::string name() const override { return "throughput"; }

 private:
  double estimate_bps_ = 0;
};

}  // namespace

media::Result<std::unique_ptr<RateChooser>> make_rate_chooser(const std::string& name) {
  if (name == "default" || name == "throughput") return std::unique_ptr<RateChooser>(new ThroughputChooser());
  return media::make_error(media::ErrorCode::kInvalidArgument, "unknown ABR algorithm '" + name + "'");
}

std::vector<std::string> rate_chooser_names() { return {"throughput"}; }

}  // namespace player
