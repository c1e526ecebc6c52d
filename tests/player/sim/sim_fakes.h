// Small inputs for the simulator tests: a video whose segments are exactly
// bitrate × duration, constant traces, and an algorithm that plays a script
// and records what the session told it.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "player/abr/algorithm.h"
#include "player/sim/video_model.h"

namespace sim::testing {

inline VideoModel constant_video(std::vector<double> bitrates_bps, size_t segments, double segment_s = 4) {
  VideoModel v;
  v.name = "constant";
  v.segment_duration_s = segment_s;
  v.bitrates_bps = std::move(bitrates_bps);
  v.segment_count = segments;
  for (size_t i = 0; i < segments; ++i)
    for (double b : v.bitrates_bps) v.sizes_bytes.push_back(b * segment_s / 8);
  return v;
}

// Chooses `rung` every time; may propose an abandonment; records everything.
class ScriptedAlgorithm : public abr::AbrAlgorithm {
 public:
  explicit ScriptedAlgorithm(size_t rung) : rung_(rung) {}
  std::string_view name() const override { return "scripted"; }
  void observe(const abr::SegmentResult& r) override { observed.push_back(r); }
  abr::Decision choose(const abr::AbrContext& ctx) override {
    contexts.push_back(ctx);
    abr::Decision d;
    d.rung = rung_;
    d.wait_s = wait_s;
    return d;
  }
  std::optional<size_t> should_abandon(const abr::DownloadProgress& p, const abr::AbrContext&) override {
    ++abandon_queries;
    return abandon ? abandon(p) : std::nullopt;
  }

  std::vector<abr::SegmentResult> observed;
  std::vector<abr::AbrContext> contexts;  // spans inside point into the video: valid while it lives
  size_t abandon_queries = 0;
  double wait_s = 0;
  std::function<std::optional<size_t>(const abr::DownloadProgress&)> abandon;

 private:
  size_t rung_;
};

}  // namespace sim::testing
